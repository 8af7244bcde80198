from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .patrols import officer_home


@login_required
def home(request):
    """The landing page after login: officers land on their patrols, Humas and Admin on the dashboard.

    Someone with both roles lands on their patrols: the dashboard is one click away in the menu.
    """
    if request.user.is_officer:
        return officer_home(request)
    if request.user.is_reviewer:
        return redirect("dashboard")
    return render(request, "home.html")
