from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """An object's history to read, never to revert from.

    A revert would save an old version past the aspiration workflow and its
    checks. SIMPLE_HISTORY_REVERT_DISABLED only hides the button, so the
    form's POST is refused here as well.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
