"""The follow-up workflow: every transition, the rules each one carries, and stale pages."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patrols.models import Aspiration, AspirationUpdate
from patrols.services import StaleAspiration, assign_aspirations, change_aspiration

from .factories import make_aspiration, make_patrol, make_visit

Status = Aspiration.Status
ALLOWED = {(before, after) for before, nexts in Aspiration.TRANSITIONS.items() for after in nexts}
EVERY_MOVE = [(before, after) for before, after in itertools.product(Status.values, repeat=2) if before != after]

# What each target status asks for besides itself.
DETAILS = {
    Status.DITERUSKAN: {"forwarded_to": "Dinas PUPR"},
    Status.TIDAK_DAPAT: {"refusal_reason": "Sengketa perdata, di luar kewenangan Polri."},
    Status.SELESAI: {"note": "Patroli malam ditambah; warga sudah diberi tahu."},
}


@pytest.fixture
def visit(officer):
    return make_visit(make_patrol(officer))


def aspiration_in(visit, status):
    fields = {"status": status}
    if status == Status.DITERUSKAN:
        fields["forwarded_to"] = "Camat Sekongkang"
    if status == Status.TIDAK_DAPAT:
        fields["refusal_reason"] = "Bukan ranah kepolisian."
    if status in Aspiration.CLOSED_STATUSES:
        fields["closed_at"] = timezone.now()
    return make_aspiration(visit, **fields)


def move(aspiration, author, status, **details):
    return change_aspiration(
        aspiration_id=aspiration.pk, author=author, expected_version=aspiration.version, status=status, **details
    )


@pytest.mark.django_db
class TestTransitions:
    @pytest.mark.parametrize("before, after", sorted(ALLOWED))
    def test_an_allowed_move_is_made_and_recorded(self, visit, humas, before, after):
        aspiration = aspiration_in(visit, before)
        update = move(aspiration, humas, after, **DETAILS.get(after, {}))
        aspiration.refresh_from_db()
        assert aspiration.status == after
        assert aspiration.version == 2
        assert (update.status_from, update.status_to, update.author) == (before, after, humas)
        assert aspiration.updates.count() == 1
        assert (aspiration.closed_at is not None) == (after in Aspiration.CLOSED_STATUSES)

    @pytest.mark.parametrize("before, after", sorted(set(EVERY_MOVE) - ALLOWED))
    def test_a_move_the_workflow_does_not_allow_is_refused(self, visit, humas, before, after):
        aspiration = aspiration_in(visit, before)
        with pytest.raises(ValidationError) as error:
            move(aspiration, humas, after, **DETAILS.get(after, {}))
        message = error.value.message_dict["status"][0]
        assert "tidak dapat diubah" in message
        aspiration.refresh_from_db()
        assert (aspiration.status, aspiration.version) == (before, 1)
        assert not aspiration.updates.exists()

    def test_the_refusal_names_what_is_allowed(self, visit, humas):
        with pytest.raises(ValidationError) as error:
            move(aspiration_in(visit, Status.BARU), humas, Status.SELESAI, note="Sudah.")
        assert error.value.message_dict["status"] == [
            "Status tidak dapat diubah dari Baru ke Selesai. Yang diizinkan: Diverifikasi, Tidak dapat ditindaklanjuti."
        ]

    def test_an_unknown_status_is_refused(self, visit, humas):
        with pytest.raises(ValidationError):
            move(aspiration_in(visit, Status.BARU), humas, "arsip")


@pytest.mark.django_db
class TestWhatEachStepNeeds:
    def test_forwarding_names_the_agency_in_the_timeline(self, visit, humas):
        aspiration = aspiration_in(visit, Status.DIVERIFIKASI)
        update = move(aspiration, humas, Status.DITERUSKAN, forwarded_to="  Dinas PUPR ", note="Surat dikirim.")
        aspiration.refresh_from_db()
        assert aspiration.forwarded_to == "Dinas PUPR"
        assert update.note == "Diteruskan ke Dinas PUPR.\nSurat dikirim."

    def test_forwarding_without_an_agency_is_refused(self, visit, humas):
        with pytest.raises(ValidationError) as error:
            move(aspiration_in(visit, Status.DIVERIFIKASI), humas, Status.DITERUSKAN, forwarded_to="  ")
        assert "instansi" in error.value.message_dict["agency"][0]

    def test_a_refusal_needs_a_reason(self, visit, humas):
        with pytest.raises(ValidationError) as error:
            move(aspiration_in(visit, Status.BARU), humas, Status.TIDAK_DAPAT)
        assert "alasan" in error.value.message_dict["refusal_reason"][0]

    def test_a_refusal_keeps_its_reason(self, visit, humas):
        aspiration = aspiration_in(visit, Status.BARU)
        update = move(aspiration, humas, Status.TIDAK_DAPAT, refusal_reason="Laporan ganda.")
        aspiration.refresh_from_db()
        assert aspiration.refusal_reason == "Laporan ganda."
        assert update.note == "Alasan: Laporan ganda."

    def test_closing_as_resolved_needs_a_note(self, visit, humas):
        with pytest.raises(ValidationError) as error:
            move(aspiration_in(visit, Status.DITINDAKLANJUTI), humas, Status.SELESAI)
        assert "catatan" in error.value.message_dict["note"][0]

    def test_assigning_and_a_note_without_a_status_change(self, visit, humas, other_officer):
        aspiration = aspiration_in(visit, Status.BARU)
        update = move(aspiration, humas, "", assignee=other_officer, note="Mohon cek lokasi.")
        aspiration.refresh_from_db()
        assert aspiration.assignee == other_officer
        assert aspiration.status == Status.BARU
        assert (update.status_from, update.status_to) == (Status.BARU, "")
        assert not update.is_status_change
        assert update.note == "Ditugaskan kepada Brigpol Putu Adnyana.\nMohon cek lokasi."

    def test_feedback_to_the_resident_alone_is_a_step(self, visit, humas):
        aspiration = aspiration_in(visit, Status.SELESAI)
        update = move(aspiration, humas, "", feedback_delivered=True)
        assert update.feedback_delivered
        assert Aspiration.objects.get(pk=aspiration.pk).version == 2

    def test_nothing_to_record_is_refused(self, visit, humas):
        aspiration = aspiration_in(visit, Status.BARU)
        aspiration.assignee = None
        with pytest.raises(ValidationError) as error:
            move(aspiration, humas, Status.BARU, note="   ", assignee=None)
        assert "Tidak ada yang berubah" in error.value.messages[0]
        assert not AspirationUpdate.objects.exists()


@pytest.mark.django_db
class TestStalePage:
    def test_the_later_reviewer_is_told_and_nothing_is_overwritten(self, visit, humas, admin_user):
        aspiration = aspiration_in(visit, Status.DIVERIFIKASI)
        page_version = aspiration.version
        change_aspiration(
            aspiration_id=aspiration.pk,
            author=humas,
            expected_version=page_version,
            status=Status.DITERUSKAN,
            forwarded_to="Dinas PUPR",
        )
        with pytest.raises(StaleAspiration) as stale:
            change_aspiration(
                aspiration_id=aspiration.pk,
                author=admin_user,
                expected_version=page_version,
                status=Status.TIDAK_DAPAT,
                refusal_reason="Bukan kewenangan Polri.",
            )
        assert "Iptu Lalu Hamdani" in stale.value.message
        aspiration.refresh_from_db()
        assert (aspiration.status, aspiration.forwarded_to, aspiration.refusal_reason) == (
            Status.DITERUSKAN,
            "Dinas PUPR",
            "",
        )
        assert aspiration.updates.count() == 1

    def test_a_stale_page_asking_for_the_status_it_now_has_is_told(self, visit, humas, admin_user):
        aspiration = aspiration_in(visit, Status.BARU)
        page = {"aspiration_id": aspiration.pk, "expected_version": aspiration.version, "status": Status.DIVERIFIKASI}
        change_aspiration(author=humas, **page)
        with pytest.raises(StaleAspiration):
            change_aspiration(author=admin_user, **page)
        assert aspiration.updates.count() == 1

    def test_a_note_from_a_stale_page_is_added_all_the_same(self, visit, humas, admin_user):
        """A note overwrites nothing: two reviewers writing at once both keep theirs."""
        aspiration = aspiration_in(visit, Status.DIVERIFIKASI)
        page_version = aspiration.version
        for author, note in [(humas, "Warga sudah ditelepon."), (admin_user, "Lokasi sudah dicek.")]:
            change_aspiration(aspiration_id=aspiration.pk, author=author, expected_version=page_version, note=note)

        notes = list(aspiration.updates.order_by("pk").values_list("note", flat=True))
        assert notes == ["Warga sudah ditelepon.", "Lokasi sudah dicek."]
        assert Aspiration.objects.get(pk=aspiration.pk).version == page_version + 2

    def test_feedback_from_the_field_is_recorded_whatever_changed_and_makes_the_page_stale(
        self, visit, humas, officer
    ):
        aspiration = aspiration_in(visit, Status.DIVERIFIKASI)
        Aspiration.objects.filter(pk=aspiration.pk).update(version=4)

        update = change_aspiration(
            aspiration_id=aspiration.pk, author=officer, expected_version=None, note="", feedback_delivered=True
        )

        assert (update.author, update.feedback_delivered, update.status_to, update.note) == (officer, True, "", "")
        assert Aspiration.objects.get(pk=aspiration.pk).version == 5
        with pytest.raises(StaleAspiration) as stale:
            move(aspiration, humas, Status.DITINDAKLANJUTI)  # from a page loaded at version 1
        assert "Bripka Ahmad Rahman" in stale.value.message


@pytest.mark.django_db
class TestAssignAspirations:
    def test_it_assigns_open_ones_and_skips_stale_and_closed(self, visit, humas, other_officer):
        fresh, stale = aspiration_in(visit, Status.BARU), aspiration_in(visit, Status.DIVERIFIKASI)
        closed = aspiration_in(visit, Status.SELESAI)
        Aspiration.objects.filter(pk=stale.pk).update(version=5)
        versions = {fresh.pk: 1, stale.pk: 1, closed.pk: 1}

        assigned, skipped = assign_aspirations(versions=versions, assignee=other_officer, author=humas)

        assert (assigned, skipped) == (1, 1)
        fresh.refresh_from_db()
        assert (fresh.assignee, fresh.version) == (other_officer, 2)
        assert fresh.updates.get().note == "Ditugaskan kepada Brigpol Putu Adnyana."
        assert Aspiration.objects.get(pk=stale.pk).assignee is None
        assert Aspiration.objects.get(pk=closed.pk).assignee is None

    def test_its_queries_do_not_grow_with_the_rows(self, visit, humas, other_officer, django_assert_num_queries):
        aspirations = [aspiration_in(visit, Status.BARU) for _ in range(12)]
        # Savepoint, lock, update, history rows, timeline entries, release.
        with django_assert_num_queries(6):
            assign_aspirations(versions={a.pk: a.version for a in aspirations}, assignee=other_officer, author=humas)
        assert AspirationUpdate.objects.count() == 12
        assert Aspiration.history.filter(history_type="~", history_user=humas, assignee=other_officer).count() == 12
