"""/cek/ and /cek/<code>/: what a resident may learn of their aspiration, and nothing more."""

import re

import pytest
from django.db import IntegrityError
from django.utils import timezone

from patrols import models as patrol_models
from patrols.models import CODE_ALPHABET, Aspiration, new_code
from patrols.services import change_aspiration

from .factories import make_aspiration, make_category, make_patrol, make_sector, make_village, make_visit

Status = Aspiration.Status
LIMIT = 5


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.PUBLIC_STATUS_LOOKUPS = LIMIT


@pytest.fixture
def marked(officer):
    """An aspiration whose every text holds its own marker, and a desa and category that may be shown."""
    village = make_village(name="Desa Tatar")
    sector = make_sector(
        village=village, name="MARKER-SECTOR", address="MARKER-ADDRESS", contact_name="MARKER-CONTACT",
        contact_phone="081311112222", notes="MARKER-SECTORNOTES",
    )
    visit = make_visit(
        make_patrol(officer, notes="MARKER-PATROLNOTES"),
        sector=sector,
        summary="MARKER-SUMMARY",
        early_warning=True,
        early_warning_note="MARKER-WARNING",
    )
    return make_aspiration(
        visit,
        category=make_category("Lalu lintas dan jalan"),
        description="MARKER-DESCRIPTION",
        resident_name="MARKER-NAME",
        resident_phone="081299998888",
        contact_consent=True,
        contact_channel="whatsapp",
    )


def markers(body):
    return set(re.findall(r"MARKER-[A-Z]+", body)) | set(re.findall(r"0813\d+|0812\d+|9998|8888|1111|2222", body))


@pytest.mark.django_db
class TestNoPersonalData:
    def test_no_state_shows_anything_but_category_status_dates_desa_and_public_note(self, client, marked, humas):
        aspiration = marked
        steps = [
            dict(status=Status.DIVERIFIKASI, note="MARKER-NOTE", assignee=humas),
            dict(status=Status.DITERUSKAN, forwarded_to="MARKER-AGENCY", public_note="Diteruskan ke dinas terkait."),
            dict(status=Status.DITINDAKLANJUTI, note="MARKER-NOTE"),
            dict(status=Status.SELESAI, note="MARKER-CLOSING", public_note="Jalan sudah ditambal."),
        ]
        seen = []
        for step in [{}, *steps]:
            if step:
                change_aspiration(aspiration_id=aspiration.pk, author=humas, expected_version=aspiration.version, **step)
                aspiration.refresh_from_db()
            body = client.get(f"/cek/{aspiration.code}/").content.decode()
            assert markers(body) == set(), (aspiration.status, markers(body))
            assert "Lalu lintas dan jalan" in body and "Desa Tatar" in body
            seen.append(body)
        assert "Selesai" in seen[-1] and "Jalan sudah ditambal." in seen[-1]
        assert timezone.localtime(aspiration.closed_at).strftime("%d/%m/%Y") in seen[-1]

    def test_a_refused_one_shows_no_reason(self, client, marked, humas):
        change_aspiration(aspiration_id=marked.pk, author=humas, expected_version=1, status=Status.TIDAK_DAPAT,
                          refusal_reason="MARKER-REASON")
        body = client.get(f"/cek/{marked.code}/").content.decode()
        assert "Tidak dapat ditindaklanjuti" in body and markers(body) == set()

    def test_it_is_not_for_search_engines(self, client, marked):
        response = client.get(f"/cek/{marked.code}/")
        assert response["X-Robots-Tag"] == "noindex"
        assert '<meta name="robots" content="noindex">' in response.content.decode()
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
class TestLookup:
    def test_the_code_is_read_in_any_case_and_with_its_dash(self, client, marked):
        typed = f"{marked.code[:4].lower()}-{marked.code[4:]}"
        assert client.get(f"/cek/{typed}/").status_code == 200

    def test_the_form_leads_to_the_code(self, client, marked):
        response = client.get("/cek/", {"code": f" {marked.display_code.lower()} "})
        assert response["Location"] == f"/cek/{marked.code}/"
        assert client.get("/cek/").status_code == 200

    def test_an_unknown_code_and_a_throttled_client_get_the_same_answer(self, client, marked):
        unknown = client.get("/cek/ZZZZZZZZ/")
        for _ in range(LIMIT):
            client.get(f"/cek/{marked.code}/")
        throttled = client.get(f"/cek/{marked.code}/")
        assert unknown.status_code == throttled.status_code == 404
        assert unknown.content == throttled.content
        assert "Selesai" not in throttled.content.decode()

    def test_a_client_is_throttled_after_the_limit_and_others_are_not(self, client, marked):
        answers = [client.get(f"/cek/{marked.code}/").status_code for _ in range(LIMIT + 2)]
        assert answers == [200] * LIMIT + [404, 404]
        assert client.get(f"/cek/{marked.code}/", REMOTE_ADDR="10.0.0.9").status_code == 200

    def test_guessing_counts_against_the_limit_too(self, client, marked):
        for n in range(LIMIT):
            client.get(f"/cek/{new_code()}/")
        assert client.get(f"/cek/{marked.code}/").status_code == 404

    def test_behind_the_proxy_the_limit_is_per_forwarded_client(self, client, marked, settings):
        settings.USE_X_FORWARDED_FOR = True
        for _ in range(LIMIT):
            client.get(f"/cek/{marked.code}/", HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert client.get(f"/cek/{marked.code}/", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
        assert client.get(f"/cek/{marked.code}/", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


@pytest.mark.django_db
class TestCode:
    def test_codes_use_no_ambiguous_characters(self):
        assert not set("0O1IL") & set(CODE_ALPHABET)
        codes = {new_code() for _ in range(200)}
        assert len(codes) == 200 and all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)

    def test_a_code_taken_already_is_drawn_again(self, officer, monkeypatch):
        visit = make_visit(make_patrol(officer))
        first = make_aspiration(visit)
        drawn = iter(["23456789"])
        monkeypatch.setattr(patrol_models, "new_code", lambda: next(drawn))
        second = make_aspiration(visit, code=first.code)
        assert second.code == "23456789" and Aspiration.objects.count() == 2

    def test_the_database_refuses_a_second_row_with_a_code(self, officer):
        visit = make_visit(make_patrol(officer))
        first = make_aspiration(visit)
        with pytest.raises(IntegrityError):
            Aspiration.objects.bulk_create([Aspiration(visit=visit, category=first.category, code=first.code,
                                                       description="x", unit=first.unit)])

    def test_the_saved_visit_shows_each_code_to_read_out(self, client, officer):
        visit = make_visit(make_patrol(officer))
        aspiration = make_aspiration(visit)
        client.force_login(officer)
        assert aspiration.display_code in client.get(f"/visits/{visit.pk}/").content.decode()
