"""The resident's consent at the visit, and "Kabari warga via WhatsApp" on the aspiration page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction

from patrols.contact import whatsapp_number
from patrols.models import Aspiration, AspirationUpdate
from patrols.privacy import erase_identity

from .factories import make_aspiration, make_category, make_patrol, make_sector, make_visit, visit_form_data


@pytest.fixture
def patrol(officer):
    return make_patrol(officer)


def file(client, patrol, **row):
    row = {"category": make_category().pk, "description": "Lampu jalan mati.", **row}
    return client.post(f"/patrols/{patrol.pk}/visits/new/", visit_form_data(make_sector(), aspirations=[row]))


@pytest.mark.django_db
class TestConsentAtTheVisit:
    def test_consent_is_stored_with_its_time_and_officer(self, client, officer, patrol):
        client.force_login(officer)
        response = file(client, patrol, resident_name="Siti", resident_phone="0812 3456 7890",
                        contact_consent="on", contact_channel="whatsapp")
        assert response.status_code == 302
        aspiration = Aspiration.objects.get()
        assert aspiration.contact_consent and aspiration.contact_channel == "whatsapp"
        assert aspiration.consent_recorded_by == officer and aspiration.consent_recorded_at is not None

    @pytest.mark.parametrize("row", [
        {"is_anonymous": "on", "contact_consent": "on", "contact_channel": "whatsapp"},
        {"resident_name": "Siti", "contact_consent": "on", "contact_channel": "langsung"},
    ], ids=["anonymous", "no phone"])
    def test_without_a_phone_there_is_no_consent_and_the_form_says_why(self, client, officer, patrol, row):
        client.force_login(officer)
        response = file(client, patrol, **row)
        assert response.status_code == 200
        errors = response.context["formset"].forms[0].errors
        assert errors["contact_consent"][0].startswith("Warga hanya dapat dikabari bila nomor HP-nya dicatat")
        assert not Aspiration.objects.exists()

    def test_consent_needs_a_channel(self, client, officer, patrol):
        client.force_login(officer)
        response = file(client, patrol, resident_phone="081234567890", contact_consent="on")
        assert response.context["formset"].forms[0].errors["contact_channel"] == ["Pilih cara warga ingin dikabari."]

    def test_a_channel_without_consent_is_not_kept(self, client, officer, patrol):
        client.force_login(officer)
        file(client, patrol, resident_phone="081234567890", contact_channel="whatsapp")
        aspiration = Aspiration.objects.get()
        assert (aspiration.contact_consent, aspiration.contact_channel, aspiration.consent_recorded_at) == (
            False, "", None
        )

    def test_the_database_refuses_consent_without_a_phone(self, officer):
        visit = make_visit(make_patrol(officer))
        with pytest.raises(IntegrityError), transaction.atomic():
            make_aspiration(visit, contact_consent=True, contact_channel="whatsapp")


@pytest.fixture
def consenting(officer):
    return make_aspiration(
        make_visit(make_patrol(officer)),
        description="Jalan menuju TPI berlubang.",
        resident_name="Ahmad Yani",
        resident_phone="0813-0000-5678",
        contact_consent=True,
        contact_channel="whatsapp",
        public_note="Sudah dilaporkan ke Dinas PUPR.",
    )


def whatsapp_href(body):
    start = body.index("https://wa.me/")
    return body[start:body.index('"', start)].replace("&amp;", "&")


@pytest.mark.django_db
class TestWhatsApp:
    def test_numbers_are_normalised_for_wa_me(self):
        assert whatsapp_number("0813-0000-5678") == "6281300005678"
        assert whatsapp_number("+62 812 3456 7890") == "6281234567890"
        assert whatsapp_number("12345") == ""

    def test_the_link_carries_code_status_and_public_note_but_not_the_text(self, reviewer, consenting):
        body = reviewer.get(f"/aspirations/{consenting.pk}/").content.decode()
        link = urlsplit(whatsapp_href(body))
        assert link.path == "/6281300005678"
        text = parse_qs(link.query)["text"][0]
        assert consenting.display_code in text and "Status: Baru" in text
        assert "Sudah dilaporkan ke Dinas PUPR." in text
        assert f"/cek/{consenting.code}/" in text
        assert "Jalan menuju TPI" not in text and "Ahmad" not in text

    @pytest.mark.parametrize("fields, reason", [
        ({"contact_consent": False, "contact_channel": ""}, "tidak memberi persetujuan"),
        ({"contact_consent": False, "contact_channel": "", "resident_phone": ""}, "tidak meninggalkan nomor HP"),
        ({"resident_phone": "0800000"}, "tidak dikenali sebagai nomor yang valid"),
    ], ids=["no consent", "no phone", "invalid number"])
    def test_without_consent_or_a_valid_number_the_page_says_so(self, reviewer, consenting, fields, reason):
        Aspiration.objects.filter(pk=consenting.pk).update(**fields)
        body = reviewer.get(f"/aspirations/{consenting.pk}/").content.decode()
        assert "wa.me" not in body and reason in body

    def test_a_reviewer_without_the_permission_gets_no_link(self, reviewer, consenting):
        Group.objects.get(name="Humas").permissions.remove(Permission.objects.get(codename="contact_resident"))
        body = reviewer.get(f"/aspirations/{consenting.pk}/").content.decode()
        assert "wa.me" not in body and "Sudah dikirim" not in body
        assert reviewer.post(f"/aspirations/{consenting.pk}/contacted/").status_code == 403

    def test_sent_is_recorded_on_the_timeline(self, reviewer, humas, consenting):
        response = reviewer.post(f"/aspirations/{consenting.pk}/contacted/")
        assert response.status_code == 302
        update = AspirationUpdate.objects.get(aspiration=consenting)
        assert (update.author, update.feedback_delivered, update.feedback_channel) == (humas, True, "whatsapp")
        assert "lewat WhatsApp" in reviewer.get(f"/aspirations/{consenting.pk}/").content.decode()

    def test_sent_is_refused_without_consent(self, reviewer, consenting):
        Aspiration.objects.filter(pk=consenting.pk).update(contact_consent=False, contact_channel="")
        assert reviewer.post(f"/aspirations/{consenting.pk}/contacted/").status_code == 403
        assert not AspirationUpdate.objects.exists()

    def test_the_consent_is_shown_with_who_recorded_it(self, reviewer, officer, consenting):
        Aspiration.objects.filter(pk=consenting.pk).update(consent_recorded_by=officer)
        body = reviewer.get(f"/aspirations/{consenting.pk}/").content.decode()
        assert "Setuju dikabari lewat WhatsApp" in body and officer.display_name in body


@pytest.mark.django_db
def test_erasing_the_residents_data_takes_the_consent_with_it(consenting):
    erase_identity([consenting.pk], reason="Permintaan penghapusan dari warga")
    consenting.refresh_from_db()
    assert (consenting.resident_phone, consenting.contact_consent, consenting.contact_channel) == ("", False, "")
    assert not consenting.history.filter(contact_consent=True).exists()
