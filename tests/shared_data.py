"""The project's shared data folder (`../shared/data`), for tests that read the real files when they are there."""

from pathlib import Path

from django.conf import settings

# Next to this checkout, or next to the folder holding it when the checkout is one of several worktrees.
FOLDERS = [Path(settings.BASE_DIR).parent / "shared" / "data", Path(settings.BASE_DIR).parents[1] / "shared" / "data"]


def shared_file(name):
    """The shared file's path, or None when no shared data folder holds it."""
    return next((folder / name for folder in FOLDERS if (folder / name).exists()), None)
