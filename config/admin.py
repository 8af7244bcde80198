from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList, ChangeListSearchForm
from django.core.exceptions import EmptyResultSet, PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from accounts.scope import within

from .forms import ModelMultipleChoiceField

# Far more than any name or phrase an admin looks for; far less than SQLite's limit on a LIKE pattern.
MAX_SEARCH_LENGTH = 200


class SearchForm(ChangeListSearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SEARCH_VAR] = forms.CharField(required=False, strip=False, max_length=MAX_SEARCH_LENGTH)


class GuardedChangeList(ChangeList):
    """Django's changelist, answering a query string it cannot use with its own "?e=1" page.

    Django checks the date drill-down's year, month and day for ValueError
    while building the first date only: a year past 9999 or beyond a machine
    integer (`visited_at__year=99999999999999999999`) was a 500, and so was a
    filter value with a NUL in it on PostgreSQL, which cannot compare text
    holding one. A value the database driver cannot take, such as midnight of
    1 January of year 1 in WITA (the year before it in UTC), only fails when
    the query is compiled: it is compiled here, while it is still a bad query
    string. An overlong search is turned away by the search form, with
    Django's message.
    """

    search_form_class = SearchForm

    def get_filters(self, request):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise IncorrectLookupParameters("a NUL in the query string")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            queryset.query.sql_with_params()
        except EmptyResultSet:
            pass
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


class GuardedAdminMixin:
    """For every ModelAdmin of the site, ours and the ones re-registered from other apps: the guarded
    changelist, and many-to-many fields that refuse an id beyond any table (see config/forms.py)."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminMixin:
    """A Polsek admin manages only what its units hold: the lists, the objects (another unit's is not
    found) and the choices of the foreign keys in `scoped_choices`, so nothing moves out of its units.

    `scope_field`: the path from the model to its unit; `scoped_choices`: field name → the path from
    the chosen model to its unit ("pk" for a unit itself).
    """

    scope_field = "unit"
    scoped_choices = {}

    def get_queryset(self, request):
        return within(super().get_queryset(request), request.user, self.scope_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.scoped_choices.get(db_field.name)
        if path is not None:
            kwargs["queryset"] = within(db_field.remote_field.model._default_manager.all(), request.user, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ModelAdmin(GuardedAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(GuardedAdminMixin, SimpleHistoryAdmin):
    """An object's history to read, never to revert from.

    A revert would save an old version past the aspiration workflow and its
    checks. SIMPLE_HISTORY_REVERT_DISABLED only hides the button, so the
    form's POST is refused here as well.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
