"""The rules that must always hold, enforced by the database itself."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from patrols.models import Aspiration, AspirationUpdate, Patrol, Visit, mask_name, normalize_phone
from sectors.models import Sector, Village

from .factories import make_aspiration, make_district, make_patrol, make_sector, make_village, make_visit


def violates(callable_, *args, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_(*args, **kwargs)


@pytest.mark.django_db
class TestSector:
    def test_it_accepts_a_point_in_sekongkang(self):
        sector = make_sector(latitude=Decimal("-8.9505"), longitude=Decimal("116.7385"))
        sector.full_clean()
        assert sector.has_position

    def test_it_accepts_no_position_at_all(self):
        sector = make_sector(latitude=None, longitude=None)
        assert not sector.has_position

    @pytest.mark.parametrize(
        "latitude, longitude",
        [
            (Decimal("-8.95"), None),
            (None, Decimal("116.7")),
            (Decimal("116.7"), Decimal("-8.95")),  # swapped
            (Decimal("8.95"), Decimal("160.0")),
            (Decimal("-12.0"), Decimal("116.7")),
        ],
    )
    def test_the_database_refuses_a_bad_position(self, latitude, longitude):
        village = make_village()
        violates(make_sector, village=village, latitude=latitude, longitude=longitude)

    def test_clean_explains_a_bad_position_in_indonesian(self):
        sector = Sector(
            name="Pantai Lawar", kind=Sector.Kind.PUBLIC_FACILITY, village=make_village(), latitude=Decimal("-8.95")
        )
        with pytest.raises(ValidationError) as error:
            sector.full_clean()
        assert "Isi lintang dan bujur sekaligus" in str(error.value)

    def test_it_refuses_an_unknown_kind(self):
        violates(make_sector, kind="warung")

    def test_names_are_unique_within_a_village(self):
        village = make_village()
        make_sector(village=village, name="Masjid Jami'")
        violates(make_sector, village=village, name="Masjid Jami'")
        make_sector(village=make_village(), name="Masjid Jami'")

    def test_active_lists_only_active_sectors(self):
        active = make_sector()
        make_sector(is_active=False)
        assert list(Sector.objects.active()) == [active]


@pytest.mark.django_db
class TestVillage:
    def test_codes_are_unique(self):
        make_village(code="52.07.04.2001")
        violates(make_village, code="52.07.04.2001")

    def test_code_format_is_validated(self):
        village = Village(district=make_district(), name="Tongo", code="5207042003")
        with pytest.raises(ValidationError) as error:
            village.full_clean()
        assert "52.07.04.2001" in str(error.value)


@pytest.mark.django_db
class TestPatrol:
    def test_it_cannot_end_before_it_starts(self, officer):
        start = timezone.now()
        violates(make_patrol, officer, started_at=start, ended_at=start - timedelta(minutes=1))

    def test_it_is_under_way_until_ended(self, officer):
        patrol = make_patrol(officer)
        assert patrol.is_under_way
        patrol.ended_at = timezone.now()
        assert not patrol.is_under_way


@pytest.mark.django_db
class TestVisit:
    def test_one_visit_per_officer_and_client_uuid(self, officer):
        patrol = make_patrol(officer)
        key = uuid.uuid4()
        make_visit(patrol, client_uuid=key)
        violates(make_visit, patrol, client_uuid=key)

    def test_another_officer_may_reuse_a_uuid(self, officer, other_officer):
        key = uuid.uuid4()
        make_visit(make_patrol(officer), client_uuid=key)
        make_visit(make_patrol(other_officer), client_uuid=key)
        assert Visit.objects.filter(client_uuid=key).count() == 2

    def test_an_early_warning_needs_a_note(self, officer):
        violates(make_visit, make_patrol(officer), early_warning=True, early_warning_note="")

    def test_people_met_cannot_be_negative(self, officer):
        violates(make_visit, make_patrol(officer), people_met=-1)

    def test_it_refuses_an_unknown_situation(self, officer):
        violates(make_visit, make_patrol(officer), situation="genting")

    def test_distance_from_sector_is_recorded_and_far_ones_flagged(self, officer):
        sector = make_sector(latitude=Decimal("-8.991163"), longitude=Decimal("116.743236"))
        near = make_visit(
            make_patrol(officer), sector=sector, latitude=Decimal("-8.991500"), longitude=Decimal("116.743236")
        )
        far = make_visit(
            make_patrol(officer), sector=sector, latitude=Decimal("-9.010000"), longitude=Decimal("116.743236")
        )
        assert 30 <= near.distance_from_sector_m <= 45
        assert not near.is_far_from_sector
        assert 2000 < far.distance_from_sector_m < 2200
        assert far.is_far_from_sector

    def test_without_gps_there_is_no_distance(self, officer):
        visit = make_visit(make_patrol(officer))
        assert visit.distance_from_sector_m is None
        assert not visit.is_far_from_sector


@pytest.mark.django_db
class TestAspiration:
    @pytest.fixture
    def visit(self, officer):
        return make_visit(make_patrol(officer))

    def test_due_date_follows_urgency(self, visit, settings):
        today = timezone.localdate()
        assert make_aspiration(visit, urgency="mendesak").due_date == today + timedelta(days=1)
        assert make_aspiration(visit, urgency="tinggi").due_date == today + timedelta(days=3)
        assert make_aspiration(visit, urgency="normal").due_date == today + timedelta(days=14)
        settings.ASPIRATION_DUE_DAYS = {**settings.ASPIRATION_DUE_DAYS, "normal": 7}
        assert make_aspiration(visit).due_date == today + timedelta(days=7)

    def test_a_refusal_needs_a_reason(self, visit):
        violates(make_aspiration, visit, status="tidak_dapat", refusal_reason="")
        make_aspiration(visit, status="tidak_dapat", refusal_reason="Di luar kewenangan Polri.", closed_at=timezone.now())

    def test_forwarding_names_the_agency(self, visit):
        violates(make_aspiration, visit, status="diteruskan", forwarded_to="")
        make_aspiration(visit, status="diteruskan", forwarded_to="Dinas PUPR KSB")

    def test_an_anonymous_aspiration_holds_no_identity(self, visit):
        violates(make_aspiration, visit, is_anonymous=True, resident_name="Siti")
        violates(make_aspiration, visit, is_anonymous=True, resident_phone="081200001234")

    def test_only_a_closed_aspiration_has_a_closing_time(self, visit):
        violates(make_aspiration, visit, status="baru", closed_at=timezone.now())

    def test_it_refuses_unknown_choices(self, visit):
        violates(make_aspiration, visit, status="arsip")
        violates(make_aspiration, visit, kind="gosip")
        violates(make_aspiration, visit, urgency="santai")

    def test_clean_reports_each_rule_in_indonesian(self, visit):
        aspiration = Aspiration(
            visit=visit,
            category=make_aspiration(visit).category,
            description="Jalan rusak",
            status="tidak_dapat",
            is_anonymous=True,
            resident_name="Siti",
            resident_phone="12345",
        )
        with pytest.raises(ValidationError) as error:
            aspiration.full_clean()
        messages = error.value.message_dict
        assert "anonim" in messages["is_anonymous"][0]
        assert "Nomor HP tidak valid" in messages["resident_phone"][0]
        assert "alasan" in messages["refusal_reason"][0]

    def test_phone_numbers_are_stored_normalised(self, visit):
        assert make_aspiration(visit, resident_phone="+62 812-0000-5678").resident_phone == "081200005678"

    def test_open_and_overdue(self, visit):
        yesterday = timezone.localdate() - timedelta(days=1)
        late = make_aspiration(visit, due_date=yesterday)
        make_aspiration(visit)
        make_aspiration(visit, status="selesai", due_date=yesterday, closed_at=timezone.now())
        assert Aspiration.objects.open().count() == 2
        assert list(Aspiration.objects.overdue()) == [late]
        assert late.is_overdue

    def test_workflow_transitions(self, visit):
        aspiration = make_aspiration(visit)
        assert aspiration.can_move_to("diverifikasi")
        assert not aspiration.can_move_to("selesai")
        aspiration.status = "selesai"
        assert aspiration.allowed_next_statuses() == ()

    def test_an_update_must_say_something(self, visit, humas):
        aspiration = make_aspiration(visit)
        violates(AspirationUpdate.objects.create, aspiration=aspiration, author=humas)
        AspirationUpdate.objects.create(aspiration=aspiration, author=humas, note="Dicek ke lokasi.")


@pytest.mark.parametrize(
    "raw, normal", [("0812 0000 5678", "081200005678"), ("+6281200005678", "081200005678"), ("62-812-0000-5678", "081200005678")]
)
def test_normalize_phone(raw, normal):
    assert normalize_phone(raw) == normal


def test_masking_keeps_only_what_recognises_a_person():
    assert mask_name("Siti Aminah") == "S. A."


@pytest.mark.django_db
def test_a_visit_cannot_be_deleted_while_it_has_aspirations(officer):
    from django.db.models import ProtectedError

    visit = make_visit(make_patrol(officer))
    make_aspiration(visit)
    with pytest.raises(ProtectedError):
        visit.delete()
    assert Patrol.objects.count() == 1
