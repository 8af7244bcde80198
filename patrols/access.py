"""Object access for the review pages: one helper per model, 404 for what a user may not see."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Aspiration, Patrol


def get_aspiration_for_user(user, pk):
    """An aspiration with everything its detail page shows, for Humas and Admin only."""
    if not user.is_reviewer:
        raise Http404
    queryset = Aspiration.objects.select_related(
        "category", "assignee", "visit__sector__village", "visit__officer", "visit__patrol__leader"
    )
    return get_object_or_404(queryset, pk=pk)


def get_patrol_for_reviewer(user, pk):
    if not user.is_reviewer:
        raise Http404
    return get_object_or_404(Patrol.objects.select_related("leader"), pk=pk)
