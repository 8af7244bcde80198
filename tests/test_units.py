"""accounts.Unit: the tree, what a unit reaches, its documents' data, and the unit visits and aspirations carry."""

import uuid
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, Unit, User
from demo import data as demo_data
from patrols.models import Aspiration, Visit
from sectors.models import District

from .factories import (
    make_aspiration,
    make_category,
    make_district,
    make_patrol,
    make_sector,
    make_user,
    make_village,
    make_visit,
    visit_form_data,
)
from .test_visit_edit import edit_data


def make_unit(code, kind, parent=None, **fields):
    fields.setdefault("name", f"{Unit.Kind(kind).label} {code.title()}")
    fields.setdefault("area", code.title())
    return Unit.objects.create(code=code, kind=kind, parent=parent, **fields)


@pytest.fixture
def tree(db):
    """A Polda with two Polres, the first with two Polsek, the second with one."""
    polda = make_unit("nusa", Unit.Kind.POLDA, area="Nusa Tenggara Barat", name="Polda Nusa")
    barat = make_unit("barat", Unit.Kind.POLRES, polda)
    timur = make_unit("timur", Unit.Kind.POLRES, polda)
    return {
        "polda": polda,
        "barat": barat,
        "timur": timur,
        "a": make_unit("a", Unit.Kind.POLSEK, barat),
        "b": make_unit("b", Unit.Kind.POLSEK, barat),
        "c": make_unit("c", Unit.Kind.POLSEK, timur),
    }


@pytest.mark.django_db
class TestTree:
    @pytest.mark.parametrize(
        "kind, parent, message",
        [
            (Unit.Kind.POLSEK, "polda", "Induk Polsek harus sebuah Polres."),
            (Unit.Kind.POLSEK, None, "Induk Polsek harus sebuah Polres."),
            (Unit.Kind.POLRES, "barat", "Induk Polres harus sebuah Polda."),
            (Unit.Kind.POLDA, "polda", "Polda tidak berinduk; kosongkan induknya."),
        ],
    )
    def test_clean_names_the_parent_a_kind_needs(self, tree, kind, parent, message):
        unit = Unit(code="baru", kind=kind, parent=tree.get(parent), name="Baru", area="Baru")
        with pytest.raises(ValidationError) as error:
            unit.full_clean()
        assert error.value.message_dict["parent"] == [message]

    def test_a_right_parent_passes(self, tree):
        Unit(code="d", kind=Unit.Kind.POLSEK, parent=tree["timur"], name="Polsek D", area="D").full_clean()

    @pytest.mark.parametrize(
        "kind, parent", [(Unit.Kind.POLSEK, None), (Unit.Kind.POLRES, None), (Unit.Kind.POLDA, "polda")]
    )
    def test_the_database_keeps_only_a_polda_at_the_top(self, tree, kind, parent):
        with pytest.raises(IntegrityError), transaction.atomic():
            Unit.objects.create(code="baru", kind=kind, parent=tree.get(parent), name="Baru", area="Baru")

    def test_the_database_refuses_an_unknown_kind(self, tree):
        with pytest.raises(IntegrityError), transaction.atomic():
            Unit.objects.create(code="baru", kind="polsub", parent=tree["barat"], name="Baru", area="Baru")

    def test_codes_are_unique(self, tree):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_unit("a", Unit.Kind.POLSEK, tree["timur"])


@pytest.mark.django_db
class TestReach:
    @pytest.mark.parametrize(
        "unit, reached",
        [
            ("polda", {"nusa", "barat", "timur", "a", "b", "c"}),
            ("barat", {"barat", "a", "b"}),
            ("timur", {"timur", "c"}),
            ("a", {"a"}),
        ],
    )
    def test_a_unit_reaches_itself_and_every_unit_below_it(self, tree, unit, reached, django_assert_num_queries):
        with django_assert_num_queries(1):
            codes = set(tree[unit].reach().values_list("code", flat=True))
        assert codes == reached

    def test_it_filters_other_rows_as_a_subquery(self, tree, officer, django_assert_num_queries):
        district = make_district(code="52.07.09", name="Uji", unit=tree["b"])
        visit = make_visit(officer=officer, sector=make_sector(village=make_village(district=district)))
        make_visit(officer=officer)  # in a kecamatan no unit covers
        with django_assert_num_queries(1):
            assert list(Visit.objects.filter(unit__in=tree["barat"].reach())) == [visit]
        assert not Visit.objects.filter(unit__in=tree["timur"].reach()).exists()


@pytest.mark.django_db
class TestDocuments:
    def test_the_letterhead_runs_from_the_polda_down(self, tree):
        unit = Unit.objects.with_parents().get(code="a")
        assert unit.letterhead_lines == [
            "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
            "DAERAH NUSA TENGGARA BARAT",
            "RESOR BARAT",
            "SEKTOR A",
        ]
        assert tree["polda"].letterhead_lines == ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH NUSA TENGGARA BARAT"]

    def test_a_loop_of_parents_written_past_clean_ends_the_walk(self, tree):
        Unit.objects.filter(code="barat").update(kind=Unit.Kind.POLSEK, parent=tree["a"])
        unit = Unit.objects.get(code="a")
        assert [u.code for u in unit.lineage()] == ["a", "barat", "a"]

    def test_the_head_is_titled_by_kind_unless_told_otherwise(self, tree):
        assert tree["a"].head_position == "Kapolsek A"
        assert tree["barat"].head_position == "Kapolres Barat"
        tree["a"].head_title = "Plt. Kapolsek"
        assert tree["a"].head_position == "Plt. Kapolsek A"

    def test_documents_of_a_user_without_a_unit_are_the_default_polseks(self, tree, humas):
        unit = Unit.objects.for_documents(humas)
        assert (unit.code, unit.parent.name, unit.parent.parent.name) == (
            "polsek-sekongkang",
            "Polres Sumbawa Barat",
            "Polda NTB",
        )

    def test_documents_of_a_user_with_a_unit_are_their_units(self, tree, humas, django_assert_num_queries):
        humas.unit = tree["barat"]
        with django_assert_num_queries(1):
            unit = Unit.objects.for_documents(humas)
            assert unit.letterhead_lines[-1] == "RESOR BARAT"

    def test_without_the_default_units_the_settings_still_name_them(self, humas, settings):
        settings.DEFAULT_POLSEK_CODE = "tidak-ada"
        settings.DEFAULT_POLSEK_AREA = "Contoh"
        humas.unit = None
        unit = Unit.objects.for_documents(humas)
        assert unit.pk is None
        assert unit.letterhead_lines[-2:] == ["RESOR SUMBAWA BARAT", "SEKTOR CONTOH"]


@pytest.fixture
def covered_sector(tree):
    district = make_district(code="52.07.09", name="Uji", unit=tree["a"])
    return make_sector(village=make_village(district=district))


@pytest.mark.django_db
class TestUnitOfVisitsAndAspirations:
    def test_a_filed_visit_and_its_aspirations_take_the_sectors_polsek(self, client, officer, tree, covered_sector):
        officer.unit = tree["a"]
        officer.save()
        patrol = make_patrol(officer)
        client.force_login(officer)
        row = {"category": make_category().pk, "description": "Lampu jalan mati."}
        data = visit_form_data(covered_sector, aspirations=[row, row], client_uuid=str(uuid.uuid4()))
        with CaptureQueriesContext(connection) as queries:
            assert client.post(reverse("visit_new", args=[patrol.pk]), data).status_code == 302
        visit = Visit.objects.get()
        assert visit.unit == tree["a"]
        assert set(Aspiration.objects.values_list("unit", flat=True)) == {tree["a"].pk}
        # The kecamatan came with the sector list's one query, not a query of its own.
        district_table = connection.ops.quote_name(District._meta.db_table)
        assert not [q["sql"] for q in queries if q["sql"].startswith("SELECT") and f"FROM {district_table}" in q["sql"]]

    def test_a_visit_moved_to_another_units_sector_takes_all_its_aspirations_along(
        self, client, officer, tree, covered_sector
    ):
        visit = make_visit(officer=officer, sector=covered_sector)
        picked_up = make_aspiration(visit, status=Aspiration.Status.DIVERIFIKASI)
        other = make_sector(village=make_village(district=make_district(code="52.07.10", name="Lain", unit=tree["b"])))
        # An officer of the Polres works in both its Polsek.
        officer.unit = tree["barat"]
        officer.save()
        client.force_login(officer)
        response = client.post(reverse("visit_edit", args=[visit.pk]), edit_data(client, visit, sector=other.pk))
        assert response.status_code == 302
        visit.refresh_from_db()
        picked_up.refresh_from_db()
        assert visit.unit == picked_up.unit == tree["b"]

    def test_a_status_change_does_not_load_the_visit_for_the_unit(self, officer, tree, covered_sector):
        aspiration = make_aspiration(make_visit(officer=officer, sector=covered_sector))
        aspiration = Aspiration.objects.get(pk=aspiration.pk)
        aspiration.status = Aspiration.Status.DIVERIFIKASI
        with CaptureQueriesContext(connection) as queries:
            aspiration.save(update_fields=["status"])
        visit_table = connection.ops.quote_name(Visit._meta.db_table)
        assert not [q["sql"] for q in queries if f"FROM {visit_table}" in q["sql"]]
        assert aspiration.unit == tree["a"]


@pytest.mark.django_db
class TestAdmin:
    @pytest.fixture
    def admin_client(self, client, admin_user):
        client.force_login(admin_user)
        return client

    @pytest.fixture
    def superuser_client(self, client):
        """The tree of units is the superuser's to build (a Polsek admin keeps its own unit's letterhead)."""
        client.force_login(make_user("akar", unit=None, is_superuser=True, is_staff=True))
        return client

    def test_units_are_listed_filtered_by_parent_and_searched(self, superuser_client, tree):
        admin_client = superuser_client
        url = reverse("admin:accounts_unit_changelist")
        by_parent = admin_client.get(url, {"parent__id__exact": tree["barat"].pk}).context["cl"].result_list
        assert {unit.code for unit in by_parent} == {"a", "b"}
        found = admin_client.get(url, {"q": "timur"}).context["cl"].result_list
        assert [unit.code for unit in found] == ["timur"]

    def test_the_admin_reports_a_wrong_parent_in_the_form(self, superuser_client, tree):
        response = superuser_client.post(
            reverse("admin:accounts_unit_add"),
            {"name": "Polsek Baru", "kind": "polsek", "parent": tree["polda"].pk, "code": "baru", "area": "Baru"},
        )
        assert response.status_code == 200
        assert "Induk Polsek harus sebuah Polres." in response.content.decode()
        assert not Unit.objects.filter(code="baru").exists()

    def test_the_header_names_the_default_unit_as_it_is_now(self, admin_client):
        Unit.objects.filter(code="polsek-sekongkang").update(name="Polsek Sekongkang Baru")
        body = admin_client.get(reverse("admin:index")).content.decode()
        assert "Patroli Dialogis · Admin Polsek Sekongkang Baru" in body

    def test_users_and_districts_are_given_their_unit(self, admin_client, admin_user, tree, officer):
        # An admin of the Polres places districts in its Polsek.
        admin_user.unit = officer.unit = tree["barat"]
        admin_user.save()
        officer.save()
        user_form = admin_client.get(reverse("admin:accounts_user_change", args=[officer.pk])).context["adminform"]
        assert "unit" in user_form.form.fields
        district = make_district(code="52.07.09", name="Uji", unit=tree["b"])
        response = admin_client.post(
            reverse("admin:sectors_district_change", args=[district.pk]),
            {"name": "Uji", "code": "52.07.09", "unit": tree["a"].pk},
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        district.refresh_from_db()
        assert district.unit == tree["a"]


@pytest.mark.django_db
class TestDemo:
    def test_seed_demo_files_everything_under_its_polsek(self):
        call_command("seed_demo", "--force", stdout=StringIO())
        polsek = Unit.objects.with_parents().get(code="polsek-sekongkang")
        assert [unit.name for unit in polsek.lineage()] == ["Polda NTB", "Polres Sumbawa Barat", "Polsek Sekongkang"]
        assert (polsek.head_rank, polsek.head_name, polsek.head_nrp) == ("AKP", "Yusran Mahendra", "80060121")
        assert polsek.parent.humas_display == "Iptu Fathul Rahman Hidayat"
        assert District.objects.get(code="52.07.04").unit == polsek
        users = dict(User.objects.values_list("username", "unit__code"))
        assert users == {d.username: d.unit for d in demo_data.USERS}
        assert users["humas"] == users["kapolres"] == "polres-ksb"
        for code in ("polsek-sekongkang", "polsek-maluk", "polsek-jereweh"):
            assert Visit.objects.filter(unit__code=code).exists()
        assert not Visit.objects.exclude(unit=F("sector__village__district__unit")).exists()
        assert not Aspiration.objects.exclude(unit=F("visit__unit")).exists()

    def test_seed_demo_fills_in_only_what_an_admin_left_empty(self):
        Unit.objects.filter(code="polsek-sekongkang").update(head_name="Nama Dari Admin")
        call_command("seed_demo", "--no-activity", "--force", stdout=StringIO())
        polsek = Unit.objects.get(code="polsek-sekongkang")
        assert (polsek.head_name, polsek.head_nrp) == ("Nama Dari Admin", "80060121")
        assert Unit.objects.filter(kind=Unit.Kind.POLSEK).count() == 3

    def test_seed_bulk_gives_each_kecamatan_a_polsek_and_every_row_its_unit(self):
        call_command("seed_bulk", visits=60, aspirations=60, sectors=16, officers=8, years=1, stdout=StringIO())
        districts = District.objects.select_related("unit")
        assert all(d.unit.kind == Unit.Kind.POLSEK and d.unit.parent.code == "polres-ksb" for d in districts)
        assert len({d.unit_id for d in districts}) == 8
        assert not Visit.objects.filter(unit__isnull=True).exists()
        assert not Aspiration.objects.filter(unit__isnull=True).exists()
        assert not Visit.objects.exclude(unit=F("sector__village__district__unit")).exists()
        assert not Aspiration.objects.exclude(unit=F("visit__unit")).exists()
        maluk = User.objects.filter(username__startswith="maluk.")
        assert maluk.exists() and set(maluk.values_list("unit__code", flat=True)) == {"polsek-maluk"}
