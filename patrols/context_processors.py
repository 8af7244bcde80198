from functools import cache

from .models import Aspiration


def tasks(request):
    """The officer's count of open tasks, for the navbar and the home page: counted once, and only when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def open_task_count():
        return Aspiration.objects.tasks_of(user).count() if user.is_officer else 0

    return {"open_task_count": open_task_count}
