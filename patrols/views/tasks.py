from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.models import Role

from ..access import get_task_for_user
from ..forms import TaskForm
from ..models import Aspiration, AspirationUpdate
from ..services import StaleAspiration, report_on_task

TASKS_SHOWN = 100
ANSWERS_SHOWN = 10


@role_required(Role.PETUGAS)
def task_list(request):
    """"Tugas saya": the aspirations Humas gave this officer to follow up, overdue first, and what the
    officer last reported on any."""
    tasks = (
        Aspiration.objects.tasks_of(request.user)
        .select_related("category", "visit__sector__village")[:TASKS_SHOWN]
    )
    answers = (
        AspirationUpdate.objects.filter(author=request.user)
        .filter(Q(feedback_delivered=True) | Q(reported_done=True))
        .select_related("aspiration__category", "aspiration__visit__sector")
        .order_by("-created_at", "-pk")[:ANSWERS_SHOWN]
    )
    return render(request, "patrols/task_list.html", {"tasks": tasks, "answers": answers})


@role_required(Role.PETUGAS)
def task_detail(request, pk):
    """One task: what was asked, its timeline, and what the officer reports on it."""
    aspiration = get_task_for_user(request.user, pk)
    form = TaskForm(aspiration=aspiration)
    status = 200
    if request.method == "POST":
        form = TaskForm(request.POST, aspiration=aspiration)
        if form.is_valid():
            try:
                report_on_task(
                    aspiration_id=aspiration.pk,
                    officer=request.user,
                    expected_version=form.cleaned_data["version"],
                    action=form.cleaned_data["action"],
                    note=form.cleaned_data["note"],
                    channel=form.cleaned_data["channel"],
                    delivered_at=form.cleaned_data["delivered_at"],
                )
            except StaleAspiration as stale:
                messages.warning(request, stale.message)
                aspiration = get_task_for_user(request.user, pk)
                # What the officer typed stays in the form, on top of the task as it is now.
                form = TaskForm(aspiration=aspiration, initial={**form.cleaned_data, "version": aspiration.version})
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Laporan tugas tersimpan."))
                return redirect("task_detail", pk=aspiration.pk)
        if form.errors:
            messages.error(request, _("Laporan belum disimpan. Periksa isian formulir."))
    context = {
        "aspiration": aspiration,
        "updates": aspiration.updates.select_related("author"),
        "form": form,
    }
    return render(request, "patrols/task_detail.html", context, status=status)
