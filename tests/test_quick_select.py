"""QuickSelect writes exactly the markup of Django's Select, only faster."""

import pytest
from django import forms

from config.forms import QuickSelect

CHOICES = [
    ("", "— pilih sektor —"),
    ("Desa <Tongo>", [(1, "Pantai & Maluk"), (2, 'Warung "Bu Ani"')]),
    ("Desa Ai Kangkung", [(3, "Masjid Nurul Huda")]),
    (4, "Pasar Sekongkang"),
]


@pytest.mark.parametrize("value", ["", "2", 3, None, "99", "<script>"])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "form-select", "required": True, "disabled": False, "data-x": 'a"b'}]
)
def test_it_renders_what_djangos_select_renders(value, attrs):
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("sector", value, attrs={"id": "id_sector"})

    assert QuickSelect(choices=CHOICES, attrs=attrs).render("sector", value, attrs={"id": "id_sector"}) == expected

