"""Residents' personal data: a resident's export and erasure from the admin, and the retention sweep."""

import csv
import io
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from patrols.models import Aspiration
from patrols.privacy import same_resident

from .factories import make_aspiration, make_visit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:patrols_aspiration_changelist")


@pytest.fixture
def visit(officer):
    return make_visit(officer=officer)


@pytest.fixture
def siti(visit):
    """One resident's three aspirations: two with her phone, one with her name only."""
    return [
        make_aspiration(visit, resident_name="Siti Aminah", resident_phone="0812-0000-1111"),
        make_aspiration(visit, resident_name="Bu Siti", resident_phone="081200001111",
                        description="=HYPERLINK(\"http://contoh.invalid\")"),
        make_aspiration(visit, resident_name="siti aminah"),
    ]


@pytest.fixture
def others(visit):
    return [
        make_aspiration(visit, resident_name="Made Wirawan", resident_phone="081300002222"),
        make_aspiration(visit, is_anonymous=True),
    ]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def act(client, action, aspirations, follow=False, **data):
    data = {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in aspirations], **data}
    return client.post(CHANGELIST, data, follow=follow)


def checkbox(page, aspiration):
    return re.search(rf'<input type="checkbox"[^>]*value="{aspiration.pk}"[^>]*>', page).group(0)


def identities_in_history(aspiration):
    return list(aspiration.history.exclude(resident_name="", resident_phone="").values_list("resident_name",
                                                                                               flat=True))


def test_one_resident_is_found_by_phone_or_full_name(siti, others):
    assert set(same_resident([siti[0]])) == set(siti)
    assert set(same_resident([others[1]])) == set()


class TestExport:
    def test_it_exports_every_aspiration_of_the_resident_as_csv(self, admin_client, admin_user, siti, others,
                                                                caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            response = act(admin_client, "export_resident_data", [siti[0]])

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "no-store" in response["Cache-Control"]
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [int(row["nomor"]) for row in rows] == [a.pk for a in siti]
        assert {row["telepon_warga"] for row in rows} == {"081200001111", ""}
        assert "Made Wirawan" not in response.content.decode()
        # A spreadsheet must not run a formula a resident's words start with.
        assert rows[1]["uraian"].startswith("'=HYPERLINK")
        assert (
            f"personal data exported user='admin.polsek' (id {admin_user.pk}) "
            f"what=resident data of aspirations [{siti[0].pk}] rows=3"
        ) in caplog.messages

    def test_an_aspiration_without_identity_has_nothing_to_export(self, admin_client, others):
        response = act(admin_client, "export_resident_data", [others[1]], follow=True)

        assert "tidak memuat nama atau telepon warga" in response.content.decode()
        assert response["Content-Type"].startswith("text/html")


class TestErase:
    def test_it_asks_first_and_offers_the_residents_other_aspirations(self, admin_client, siti, others):
        response = act(admin_client, "erase_resident_data", [siti[0]])

        page = response.content.decode()
        assert response.status_code == 200
        assert "tidak dapat dibatalkan" in page
        assert "checked" in checkbox(page, siti[0])
        assert "checked" not in checkbox(page, siti[1])
        assert "checked" not in checkbox(page, siti[2])
        assert "Made Wirawan" not in page
        assert Aspiration.objects.filter(resident_name="Siti Aminah").exists()

    def test_it_erases_the_chosen_aspirations_and_their_history(self, admin_client, admin_user, siti, others,
                                                                caplog):
        chosen = siti[:2]
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            response = act(admin_client, "erase_resident_data", chosen, post="yes", follow=True)

        assert "Data pribadi warga dihapus dari 2 aspirasi" in response.content.decode()
        for aspiration in chosen:
            aspiration.refresh_from_db()
            assert (aspiration.resident_name, aspiration.resident_phone, aspiration.is_anonymous) == ("", "", True)
            assert identities_in_history(aspiration) == []
            latest = aspiration.history.first()
            assert (latest.history_user, latest.history_change_reason) == (
                admin_user, "Permintaan penghapusan dari warga")
        assert identities_in_history(siti[2]) == ["siti aminah"]
        assert Aspiration.objects.get(pk=others[0].pk).resident_name == "Made Wirawan"
        assert (
            f"personal data erased user='admin.polsek' (id {admin_user.pk}) "
            f"what=resident data of aspirations {[a.pk for a in chosen]} rows=2"
        ) in caplog.messages


def closed(visit, days_ago, **fields):
    return make_aspiration(visit, status="selesai", closed_at=timezone.now() - timedelta(days=days_ago), **fields)


def anonymize(*args):
    out = io.StringIO()
    call_command("anonymize_residents", *args, stdout=out)
    return out.getvalue()


class TestRetention:
    @pytest.fixture
    def aspirations(self, visit):
        return {
            "old": closed(visit, 100, resident_name="Siti Aminah", resident_phone="081200001111"),
            "recent": closed(visit, 10, resident_name="Made Wirawan"),
            "open": make_aspiration(visit, resident_phone="081300002222",
                                    created_at=timezone.now() - timedelta(days=200)),
            "old_without_identity": closed(visit, 100),
        }

    def test_it_anonymizes_aspirations_closed_before_the_cutoff(self, aspirations):
        output = anonymize("--older-than", "90")

        assert output == "Dianonimkan: 1 aspirasi, 1 baris riwayat.\n"
        old = Aspiration.objects.get(pk=aspirations["old"].pk)
        assert (old.resident_name, old.resident_phone, old.is_anonymous) == ("", "", True)
        assert identities_in_history(old) == []
        assert Aspiration.objects.get(pk=aspirations["recent"].pk).resident_name == "Made Wirawan"
        assert Aspiration.objects.get(pk=aspirations["open"].pk).resident_phone == "081300002222"
        assert anonymize("--older-than", "90") == "Dianonimkan: 0 aspirasi, 0 baris riwayat.\n"

    def test_a_dry_run_only_counts(self, aspirations):
        assert anonymize("--older-than", "90", "--dry-run") == "Akan dianonimkan: 1 aspirasi, 1 baris riwayat.\n"
        assert Aspiration.objects.get(pk=aspirations["old"].pk).resident_name == "Siti Aminah"

    def test_it_scrubs_what_only_the_history_still_holds(self, visit):
        edited = closed(visit, 100, resident_name="Siti Aminah")
        edited.resident_name = ""
        edited.save()
        deleted = make_aspiration(visit, resident_phone="081200001111")
        deleted_id = deleted.pk
        deleted.delete()
        Aspiration.history.filter(id=deleted_id).update(history_date=timezone.now() - timedelta(days=100))

        assert anonymize("--older-than", "90") == "Dianonimkan: 0 aspirasi, 3 baris riwayat.\n"
        assert not Aspiration.history.exclude(resident_name="", resident_phone="").exists()

    def test_it_refuses_a_period_shorter_than_thirty_days(self, aspirations):
        with pytest.raises(CommandError, match="minimal 30 hari"):
            anonymize("--older-than", "29")
        assert Aspiration.objects.get(pk=aspirations["recent"].pk).resident_name == "Made Wirawan"

    def test_the_sweep_is_audit_logged(self, aspirations, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            anonymize("--older-than", "90")

        assert "personal data erased user=command what=retention older than 90 days rows=1" in caplog.messages
