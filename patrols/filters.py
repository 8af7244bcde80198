import re
from datetime import date

import django_filters as filters
from django import forms
from django_filters.fields import DateRangeField
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.forms import DATE_LIMITS, QuickSelect
from sectors.models import Sector, Village
from sectors.selectors import sectors_for, villages_for

from .forms import people_options
from .keyset import Ordering
from .models import Aspiration, AspirationCategory, AspirationUpdate
from .selectors import aspirations_for, assignees_for, categories, officers_for

OPEN = "terbuka"
STATUS_TABS = [(OPEN, _("Terbuka")), *Aspiration.Status.choices]
# Every word of a search is five substring matches: PostgreSQL spends seconds planning a few hundred.
SEARCH_MAX_WORDS = 10
SEARCH_MAX_LENGTH = 200


def review_queryset(user):
    """The viewer's aspirations with what the review list and the exports show, in one query."""
    return aspirations_for(user).select_related(
        "category", "assignee", "visit__sector__village", "visit__officer"
    ).annotate(
        urgency_rank=Case(
            When(urgency=Aspiration.Urgency.MENDESAK, then=Value(3)),
            When(urgency=Aspiration.Urgency.TINGGI, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        feedback_given=Exists(AspirationUpdate.objects.filter(aspiration=OuterRef("pk"), feedback_delivered=True)),
    )


# Functions of (viewer, filters) returning the tab counts, or None for filters they cannot answer: an app
# that keeps figures as the data changes registers one (figures.apps) so the tabs need not count every row.
TAB_COUNTERS = []


def tab_counts(viewer, filterset):
    """The review list's tab counts for the filters `filterset` applied before the status tab."""
    params = filterset.params_before_status()
    for counter in TAB_COUNTERS:
        counts = counter(viewer, params)
        if counts is not None:
            return counts
    return status_counts(filterset.queryset_before_status)


def status_counts(queryset):
    """Counts per status tab, over a queryset already narrowed by the other filters."""
    return tabs_from(dict(queryset.order_by().values_list("status").annotate(n=Count("pk"))))


def tabs_from(counts):
    """{status: count} as the review list's tabs: each status, OPEN and "" (all)."""
    tabs = {status: counts.get(status) or 0 for status in Aspiration.Status.values}
    tabs[OPEN] = sum(tabs[status] for status in Aspiration.OPEN_STATUSES)
    tabs[""] = sum(tabs[status] for status in Aspiration.Status.values)
    return tabs


class BoundedDateRangeField(DateRangeField):
    """From and to dates within DATE_LIMITS: 1 January of year 1 is the year before in UTC, which no query takes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields:
            field.validators += DATE_LIMITS


class DateRangeFilter(filters.DateFromToRangeFilter):
    field_class = BoundedDateRangeField


def _is_open(value, otherwise):
    open_ = When(status__in=Aspiration.OPEN_STATUSES, then=Value(value))
    return Case(open_, default=Value(otherwise), output_field=IntegerField())


# The review list's orders, by the value of `o`. The keys of each run one way, so that a page of the
# list can start from a row's keys (see patrols.keyset).
ORDERINGS = {
    ordering.name: ordering
    for ordering in [
        Ordering("created", F("created_at")),
        Ordering("-created", F("created_at"), descending=True),
        Ordering("urgency", F("urgency_rank")),
        Ordering("-urgency", F("urgency_rank"), descending=True),
        Ordering("village", F("visit__sector__village__name")),
        Ordering("-village", F("visit__sector__village__name"), descending=True),
        # Open aspirations first, and those without a deadline last, whichever way round.
        Ordering("due", _is_open(0, 1), Coalesce("due_date", Value(date.max))),
        Ordering("-due", _is_open(1, 0), Coalesce("due_date", Value(date.min)), descending=True),
    ]
}
DEFAULT_ORDERING = "-created"


def sector_label(name, village):
    """A sector as the filter offers it: its desa named, since every desa has its "Kantor Desa" and "Dusun Induk"."""
    return gettext("%(sector)s — Desa %(village)s") % {"sector": name, "village": village}


def search_words(value):
    if len(value.split()) > SEARCH_MAX_WORDS:
        raise forms.ValidationError(
            _("Pencarian paling banyak %(max)s kata. Persingkat kata kuncinya."), params={"max": SEARCH_MAX_WORDS}
        )


class AspirationFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="search",
        label=_("Cari"),
        max_length=SEARCH_MAX_LENGTH,
        validators=[search_words],
        error_messages={
            "max_length": _("Pencarian paling panjang %(limit_value)s karakter. Persingkat kata kuncinya.")
        },
    )
    status = filters.ChoiceFilter(choices=STATUS_TABS, method="filter_status", label=_("Status"))
    kind = filters.ChoiceFilter(choices=Aspiration.Kind.choices, label=_("Jenis"), empty_label=_("Semua jenis"))
    category = filters.ModelChoiceFilter(
        queryset=AspirationCategory.objects.none(), label=_("Kategori"), empty_label=_("Semua kategori")
    )
    urgency = filters.ChoiceFilter(
        choices=Aspiration.Urgency.choices, label=_("Urgensi"), empty_label=_("Semua urgensi")
    )
    village = filters.ModelChoiceFilter(
        field_name="visit__sector__village",
        queryset=Village.objects.none(),
        label=_("Desa"),
        empty_label=_("Semua desa"),
    )
    sector = filters.ModelChoiceFilter(
        field_name="visit__sector",
        queryset=Sector.objects.none(),
        label=_("Sektor"),
        empty_label=_("Semua sektor"),
    )
    officer = filters.ModelChoiceFilter(
        field_name="visit__officer", queryset=User.objects.none(), label=_("Petugas"), empty_label=_("Semua petugas")
    )
    assignee = filters.ModelChoiceFilter(
        queryset=User.objects.none(),
        label=_("Penanggung jawab"),
        empty_label=_("Semua penanggung jawab"),
        null_label=_("Belum ada penanggung jawab"),
    )
    created = DateRangeFilter(
        field_name="created_at",
        label=_("Tanggal dicatat"),
        widget=filters.widgets.DateRangeWidget(attrs={"type": "date", "class": "form-control"}),
    )
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Lewat tenggat saja"), widget=forms.CheckboxInput)
    # Which values `o` takes; filter_queryset() sorts by the ORDERINGS of the same names.
    o = filters.OrderingFilter(
        fields=(
            ("created_at", "created"),
            ("due_date", "due"),
            ("urgency_rank", "urgency"),
            ("visit__sector__village__name", "village"),
        ),
        label=_("Urutkan"),
    )

    class Meta:
        model = Aspiration
        fields = []

    def search(self, queryset, name, value):
        words = Q()
        for word in value.split():
            word_matches = (
                Q(description__icontains=word)
                | Q(category__name__icontains=word)
                | Q(visit__sector__name__icontains=word)
                | Q(visit__sector__village__name__icontains=word)
                | Q(forwarded_to__icontains=word)
            )
            # "#123" or "123" finds that aspiration; "²" and "٣" are digits to str.isdigit but no id.
            if re.fullmatch(r"#?[0-9]{1,18}", word):
                word_matches |= Q(pk=int(word.lstrip("#")))
            words &= word_matches
        return queryset.filter(words)

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the viewer's: another Polsek's desa, sector or officer is an invalid choice.
        choices = {
            "category": categories(),
            "village": villages_for(viewer),
            "sector": sectors_for(viewer),
            "officer": officers_for(viewer),
            "assignee": assignees_for(viewer),
        }
        for name, queryset in choices.items():
            self.filters[name].queryset = queryset
            self.form.fields[name].queryset = queryset
        # Hundreds of sectors and officers: Django's Select would render each option through a template.
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        # A Polres has hundreds of sectors and officers: their options are written from a few columns rather than
        # from a model instance each (a fifth of the page's time). The fields still check a choice against the
        # queryset.
        sectors = choices["sector"].values_list("pk", "name", "village__name")
        self._write_options("sector", ((pk, sector_label(name, village)) for pk, name, village in sectors))
        for field in ("officer", "assignee"):
            self._write_options(field, people_options(choices[field]))

    def _write_options(self, name, options):
        field = self.form.fields[name]
        blank = [("", field.empty_label)] + ([("null", field.null_label)] if getattr(field, "null_label", None) else [])
        field.widget.choices = [*blank, *options]

    def params_before_status(self):
        """The filters applied before the status tab, as plain values: what the tab counts depend on."""
        data = self.form.cleaned_data
        return {
            name: getattr(value, "pk", value)
            for name, value in data.items()
            if name not in ("status", "o") and value not in (None, "", [], False)
        }

    def filter_queryset(self, queryset):
        """Filter as usual, keeping the queryset before the status tab for the tab counts and the ordering, which
        pages the list (see patrols.keyset)."""
        data = dict(self.form.cleaned_data)
        status, ordering = data.pop("status", None), data.pop("o", None)
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        self.queryset_before_status = queryset
        self.ordering = ORDERINGS[ordering[0] if ordering else DEFAULT_ORDERING]
        return self.ordering.apply(self.filters["status"].filter(queryset, status))
