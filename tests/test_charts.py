from datetime import date

from reports import charts


def test_axis_has_whole_ticks_above_the_maximum():
    assert charts.axis(0) == (1, [0, 1])
    assert charts.axis(3) == (3, [0, 1, 2, 3])
    assert charts.axis(7) == (8, [0, 2, 4, 6, 8])
    assert charts.axis(23) == (30, [0, 10, 20, 30])
    assert charts.axis(101) == (150, [0, 50, 100, 150])


def test_stacked_columns_stack_from_the_base_in_series_order():
    weeks = [(date(2025, 10, 13), "13/10"), (date(2025, 10, 20), "20/10")]
    series = [("aspirasi", "Aspirasi", "a"), ("keluhan", "Keluhan", "k")]
    counts = {(date(2025, 10, 20), "aspirasi"): 2, (date(2025, 10, 20), "keluhan"): 2}
    chart = charts.stacked_columns(weeks, series, counts)
    empty, full = chart.columns
    assert (empty.total, empty.segments) == (0, [])
    assert full.total == 4
    aspirasi, keluhan = full.segments
    assert aspirasi.y + aspirasi.height == chart.base
    assert keluhan.y + keluhan.height == aspirasi.y
    assert keluhan.y == full.top
    assert keluhan.title == "Keluhan, 20/10: 2"
    assert chart.ticks[0] == (chart.base, 0)
    assert not chart.is_empty


def test_horizontal_bars_scale_to_the_largest_and_shorten_long_labels():
    chart = charts.horizontal_bars([("Konflik sosial / sengketa lahan dan batas desa", 4), ("Narkoba", 2)])
    long, short = chart.bars
    assert long.width == 2 * short.width
    assert long.short_label.endswith("…") and len(long.short_label) == charts.LABEL_CHARS
    assert long.label == "Konflik sosial / sengketa lahan dan batas desa"
    assert chart.height == 2 * 24 + 8
    assert charts.horizontal_bars([]).is_empty


def test_horizontal_bars_past_the_limit_are_summed_under_the_chart():
    rows = [(f"Desa {n}", 100 - n) for n in range(20)]
    chart = charts.horizontal_bars(rows, limit=15)
    assert [bar.label for bar in chart.bars] == [f"Desa {n}" for n in range(15)]
    assert (chart.rest_rows, chart.rest_total) == (5, sum(100 - n for n in range(15, 20)))
    assert chart.height == 15 * 24 + 8
    whole = charts.horizontal_bars(rows)
    assert (len(whole.bars), whole.rest_rows, whole.rest_total) == (20, 0, 0)
