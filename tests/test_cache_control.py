"""`Cache-Control: no-store, private` on every answer to a signed-in user; static files keep their own cache."""

import pytest
from django.conf import settings

# The access matrix's world of one of everything, and its photo in each test's MEDIA_ROOT.
from .test_access_matrix import ADMIN_PATTERNS, APP_PATTERNS, admin_paths, app_paths, photo_file, world  # noqa: F401

pytestmark = pytest.mark.django_db

NO_STORE = "no-store, private"
# Besides every page, export, layer and photo of the app: a few of the admin's pages.
ADMIN_SAMPLE = {"admin:index", "admin:patrols_aspiration_changelist", "admin:patrols_aspiration_change",
                "admin:sectors_sector_export", "admin:sectors_sector_history"}


def paths(world):
    for pattern in APP_PATTERNS:
        yield from app_paths(pattern, world)
    for pattern in ADMIN_PATTERNS:
        if pattern.name in ADMIN_SAMPLE:
            yield from admin_paths(pattern, world)


@pytest.mark.parametrize("persona", ["owner", "humas", "admin"])
def test_every_answer_to_a_signed_in_user_is_kept_by_no_cache(world, persona):
    client = world.client(persona)
    answers = {
        path: (response.status_code, response.get("Cache-Control"))
        for path in paths(world)
        for response in [client.get(path)]
    }
    wrong = {path: answer for path, answer in answers.items() if answer[1] != NO_STORE}
    assert wrong == {}
    # Refusals and redirects as well as pages.
    assert len({status for status, _ in answers.values()}) >= 3


def test_a_conditional_request_still_gets_its_304(world):
    client = world.client("owner")
    first = client.get("/map/sectors.geojson")
    again = client.get("/map/sectors.geojson", headers={"If-None-Match": first["ETag"]})
    assert (again.status_code, again["Cache-Control"], again["ETag"]) == (304, NO_STORE, first["ETag"])


def test_the_login_page_keeps_djangos_own_never_cache(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def test_an_anonymous_answer_is_left_alone(client):
    assert "Cache-Control" not in client.get("/patrols/").headers


def test_static_files_keep_their_cache_for_a_signed_in_user(world):
    response = world.client("owner").get(settings.STATIC_URL + "css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_it_sits_below_whitenoise():
    """Above WhiteNoise it would turn the static files' year-long cache into no cache at all."""
    order = settings.MIDDLEWARE
    assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < order.index(
        "config.middleware.NoStoreForUsersMiddleware"
    )
