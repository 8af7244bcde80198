"""One time format on the officer's and the Humas pages: "30/11/2026 14.05 WITA"."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from patrols.services import change_aspiration

from .factories import make_aspiration, make_patrol, make_visit

# A time of day anywhere in a page's text, and the same as part of the one format.
CLOCK = re.compile(r"(?<![\d./])\d{2}[.:]\d{2}(?![\d.:])")
MOMENT = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}\.\d{2} WITA")


def text_of_main(response):
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main.split(">", 1)[1]).split())


def test_the_filter_writes_the_local_time_with_its_zone():
    moment = datetime(2026, 11, 30, 6, 5, tzinfo=UTC)
    rendered = Template("{% load moments %}{{ moment|moment }}|{{ nothing|moment }}").render(
        Context({"moment": moment, "nothing": None})
    )
    assert rendered == "30/11/2026 14.05 WITA|"


@pytest.fixture
def scene(officer, humas):
    started = timezone.localtime() - timedelta(hours=3)
    patrol = make_patrol(officer, started_at=started)
    visit = make_visit(patrol, visited_at=started + timedelta(minutes=47))
    aspiration = make_aspiration(visit, created_at=started + timedelta(minutes=52))
    change_aspiration(
        aspiration_id=aspiration.pk, author=humas, expected_version=aspiration.version, status="diverifikasi"
    )
    return {"patrol": patrol, "visit": visit, "aspiration": aspiration}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, path",
    [
        ("officer", "/"),
        ("officer", "/patrols/"),
        ("officer", "/patrols/{patrol}/"),
        ("officer", "/visits/{visit}/"),
        ("humas", "/aspirations/"),
        ("humas", "/aspirations/{aspiration}/"),
        ("humas", "/dashboard/"),
        ("humas", "/visits/{visit}/"),
    ],
)
def test_every_time_on_the_page_is_written_one_way(client, request, scene, persona, path):
    client.force_login(request.getfixturevalue(persona))
    visited = timezone.localtime(scene["visit"].visited_at)

    text = text_of_main(client.get(path.format(**{name: obj.pk for name, obj in scene.items()})))

    clocks, moments = CLOCK.findall(text), MOMENT.findall(text)
    assert moments, "the page shows at least one time"
    assert len(clocks) == len(moments), text
    if "{visit}" in path or "{patrol}" in path or path == "/":
        assert visited.strftime("%d/%m/%Y %H.%M WITA") in moments
