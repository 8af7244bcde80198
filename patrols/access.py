"""Who may see and change patrols, visits and aspirations, decided here and nowhere else.

Officers see the patrols they lead or walk in and every visit of those
patrols; Humas and Admin see everything, and only they review aspirations.
What a user may not see is a 404, so that an id does not tell whether it exists.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Aspiration, Patrol, Visit, VisitPhoto


def _patrols_walked_by(user):
    return Patrol.members.through.objects.filter(user=user).values("patrol_id")


def patrols_of(user):
    """The patrols `user` leads or walks in, whatever their role.

    One IN over the union of two indexed lookups: `leader = me OR id IN (…)` keeps PostgreSQL from
    using either index, a scan of every patrol (67 ms at 105,000 patrols).
    """
    led = Patrol.objects.filter(leader=user).order_by().values("pk")
    return Patrol.objects.filter(pk__in=led.union(_patrols_walked_by(user).order_by()))


def visible_patrols(user):
    if user.is_reviewer:
        return Patrol.objects.all()
    return patrols_of(user)


def visible_visits(user):
    if user.is_reviewer:
        return Visit.objects.all()
    return Visit.objects.filter(Q(officer=user) | Q(patrol__leader=user) | Q(patrol__in=_patrols_walked_by(user)))


def get_patrol_for_user(user, pk):
    return get_object_or_404(visible_patrols(user).select_related("leader"), pk=pk)


def get_visit_for_user(user, pk):
    queryset = visible_visits(user).select_related("sector__village", "officer", "patrol__leader")
    return get_object_or_404(queryset, pk=pk)


def get_visit_photo_for_user(user, pk, photo_pk):
    """A photo only through its own visit: photos may show residents."""
    return get_object_or_404(VisitPhoto.objects.filter(visit__in=visible_visits(user), visit_id=pk), pk=photo_pk)


def get_aspiration_for_user(user, pk):
    """An aspiration with everything its review page shows."""
    if not user.is_reviewer:
        raise Http404
    queryset = Aspiration.objects.select_related(
        "category", "assignee", "agency", "unit", "consent_recorded_by", "visit__sector__village", "visit__officer", "visit__patrol__leader"
    )
    return get_object_or_404(queryset, pk=pk)


def get_task_for_user(user, pk):
    """An aspiration as a task: only for the officer it is assigned to, with what the task page shows."""
    if not user.is_officer:
        raise Http404
    queryset = Aspiration.objects.filter(assignee=user).select_related("category", "visit__sector__village")
    return get_object_or_404(queryset, pk=pk)


def can_contact_resident(user):
    return user.has_perm("patrols.contact_resident")


def can_add_visit(user, patrol):
    """Officers of the patrol, while it is under way and for LATE_REPORT_DAYS after it ended: a report
    written with no signal reaches the server when the phone finds one again, days later in the hills."""
    if not user.is_officer or not patrol.includes(user):
        return False
    return patrol.is_under_way or timezone.now() < patrol.ended_at + timedelta(days=settings.LATE_REPORT_DAYS)


def can_end_patrol(user, patrol):
    return patrol.is_under_way and user.is_officer and patrol.includes(user)


def can_edit_visit(user, visit):
    return visit.officer_id == user.pk and user.is_officer and timezone.now() < visit.editable_until


def sees_resident_name(user, visit):
    """A resident's full name: for the officer who wrote it down and for Humas; others read initials.

    A resident's phone number is shown nowhere that an officer reads: only on an aspiration's own page
    (Humas, who call back), in an export that asks for it, and in its officer's edit form (PRIVACY.md).
    """
    return user.is_reviewer or visit.officer_id == user.pk
