from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sectors.models import Sector

from ..models import Aspiration, Visit
from .patrols import officer_home


@login_required
def home(request):
    """The landing page after login; officers land on their patrols."""
    if request.user.is_officer:
        return officer_home(request)
    week_ago = timezone.now() - timedelta(days=7)
    counts = {
        "sectors": Sector.objects.active().count(),
        "visits_week": Visit.objects.filter(visited_at__gte=week_ago).count(),
        "open_aspirations": Aspiration.objects.open().count(),
        "overdue": Aspiration.objects.overdue().count(),
    }
    return render(request, "home.html", {"counts": counts})
