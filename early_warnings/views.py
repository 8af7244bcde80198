from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.decorators import role_required
from accounts.models import Role

from .access import Action, get_warning_for_user, visible_warnings
from .forms import WarningActionForm
from .models import EarlyWarning, escalation_cutoff
from .services import UNCHANGED, StaleWarning, change_warning

State = EarlyWarning.State
ANY_ROLE = (Role.PETUGAS, Role.HUMAS, Role.ADMIN)
PAGE_SIZE = 25
OPEN = "terbuka"
ESCALATED = "eskalasi"
CLOSED = State.DITUTUP
# The filters of the list: the open queue by default, its parts, and the closed tab.
FILTERS = [
    (OPEN, gettext_lazy("Terbuka")),
    (ESCALATED, gettext_lazy("Eskalasi")),
    (State.BARU, State.BARU.label),
    (State.DIAKUI, State.DIAKUI.label),
    (State.DITANGANI, State.DITANGANI.label),
    (CLOSED, gettext_lazy("Ditutup")),
]


def _counts(warnings, now):
    """How many warnings each filter holds: one query."""
    counts = {
        OPEN: Count("pk", filter=~Q(state=State.DITUTUP)),
        ESCALATED: Count("pk", filter=Q(state=State.BARU, created_at__lte=escalation_cutoff(now))),
        **{state.value: Count("pk", filter=Q(state=state)) for state in State},
    }
    return warnings.aggregate(**counts)


def _filtered(warnings, chosen, now):
    if chosen == CLOSED:
        return warnings.closed().order_by("-closed_at", "-pk")
    if chosen == ESCALATED:
        warnings = warnings.escalated(now)
    elif chosen in EarlyWarning.OPEN_STATES:
        warnings = warnings.filter(state=chosen)
    return warnings.open().in_queue_order(now)


@role_required(*ANY_ROLE)
def warning_list(request):
    """The warnings the user may see: the open queue (escalated first) by state, and the closed ones behind a tab."""
    now = timezone.now()
    chosen = request.GET.get("state", OPEN)
    if chosen not in dict(FILTERS):
        chosen = OPEN
    warnings = visible_warnings(request.user)
    counts = _counts(warnings, now)
    rows = _filtered(warnings, chosen, now).select_related("sector__village", "visit__officer", "assignee")
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = counts[chosen]
    context = {
        "page": paginator.get_page(request.GET.get("page")),
        "filters": [(value, label, counts[value]) for value, label in FILTERS],
        "chosen": chosen,
        "escalate_hours": settings.EARLY_WARNING_ESCALATE_HOURS,
    }
    return render(request, "early_warnings/warning_list.html", context)


@role_required(*ANY_ROLE)
def warning_detail(request, pk):
    """One warning: the visit that raised it, its timeline, and the form for the next step."""
    warning = get_warning_for_user(request.user, pk)
    form = WarningActionForm(warning=warning, user=request.user)
    status = 200
    if request.method == "POST":
        form = WarningActionForm(request.POST, warning=warning, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change_warning(
                    warning_id=warning.pk,
                    author=request.user,
                    expected_version=data["version"],
                    state=form.state,
                    note=data["note"],
                    assignee=data.get("assignee") if data["action"] == Action.HANDLE else UNCHANGED,
                    outcome=data.get("outcome", ""),
                )
            except StaleWarning as stale:
                messages.warning(request, stale.message)
                # Show the current state, keeping what the user typed.
                warning = get_warning_for_user(request.user, pk)
                initial = {**data, "version": warning.version, "action": ""}
                form = WarningActionForm(warning=warning, user=request.user, initial=initial)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Langkah tersimpan."))
                return redirect(warning)
        if form.errors:
            messages.error(request, _("Langkah belum disimpan. Periksa isian formulir."))
    context = {
        "warning": warning,
        "visit": warning.visit,
        "updates": warning.updates.select_related("author"),
        "form": form,
    }
    return render(request, "early_warnings/warning_detail.html", context, status=status)
