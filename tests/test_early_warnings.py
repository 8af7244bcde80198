"""Early warnings as a workflow: raised with the visit, acknowledged, handled, noted, closed, escalated by time."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, Unit
from early_warnings.models import EarlyWarning, EarlyWarningUpdate
from early_warnings.services import change_warning

from .factories import make_district, make_patrol, make_sector, make_user, make_village, make_warning, visit_form_data
from .test_visit_edit import edit_data

pytestmark = pytest.mark.django_db

State = EarlyWarning.State
NOTE = "Ketegangan antarpemuda dua dusun setelah laga sepak bola."


@pytest.fixture
def patrol(officer):
    return make_patrol(officer)


@pytest.fixture
def warning(patrol):
    return make_warning(patrol)


def detail(warning):
    return f"/warnings/{warning.pk}/"


def step(client, warning, action, **fields):
    version = EarlyWarning.objects.values_list("version", flat=True).get(pk=warning.pk)
    return client.post(detail(warning), {"version": version, "action": action, **fields})


def backdate(warning, **delta):
    EarlyWarning.objects.filter(pk=warning.pk).update(created_at=timezone.now() - timedelta(**delta))
    warning.refresh_from_db()


class TestRaisedWithTheVisit:
    def file(self, client, patrol, **fields):
        data = visit_form_data(make_sector(), early_warning="on", early_warning_note=NOTE, **fields)
        return client.post(f"/patrols/{patrol.pk}/visits/new/", data)

    def test_a_flagged_visit_raises_one_warning_and_a_resend_no_second(self, client, officer, patrol):
        client.force_login(officer)
        first = self.file(client, patrol)
        again = self.file(client, patrol)

        warning = EarlyWarning.objects.select_related("visit").get()
        assert first["Location"] == again["Location"] == warning.visit.get_absolute_url()
        assert (warning.state, warning.sector_id, warning.unit_id) == (
            State.BARU,
            warning.visit.sector_id,
            warning.visit.unit_id,
        )
        assert warning.visit.officer == officer

    def test_it_carries_the_unit_of_the_sector(self, client, officer, patrol):
        polsek = Unit.objects.get(code="polsek-sekongkang")
        sector = make_sector(village=make_village(district=make_district(code="52.07.09", unit=polsek)))
        client.force_login(officer)
        data = visit_form_data(sector, early_warning="on", early_warning_note=NOTE)
        client.post(f"/patrols/{patrol.pk}/visits/new/", data)
        assert EarlyWarning.objects.get().unit == polsek

    def test_a_visit_without_the_flag_raises_none(self, client, officer, patrol):
        client.force_login(officer)
        client.post(f"/patrols/{patrol.pk}/visits/new/", visit_form_data(make_sector()))
        assert not EarlyWarning.objects.exists()

    def test_an_edit_raises_it_withdraws_it_and_raises_it_again(self, client, officer, patrol):
        visit = make_warning(patrol).visit
        EarlyWarning.objects.all().delete()
        client.force_login(officer)
        edit = f"/visits/{visit.pk}/edit/"

        client.post(edit, edit_data(client, visit, early_warning="on", early_warning_note=NOTE))
        warning = EarlyWarning.objects.get(visit=visit)
        assert warning.state == State.BARU

        visit.refresh_from_db()
        client.post(edit, edit_data(client, visit, early_warning_note=""))
        warning.refresh_from_db()
        assert (warning.state, warning.outcome) == (State.DITUTUP, EarlyWarning.Outcome.DICABUT)

        visit.refresh_from_db()
        client.post(edit, edit_data(client, visit, early_warning="on", early_warning_note=NOTE))
        warning.refresh_from_db()
        assert (warning.state, warning.outcome, warning.closed_at) == (State.BARU, "", None)
        steps = list(warning.updates.values_list("state_from", "state_to", "author"))
        assert steps == [(State.BARU, State.DITUTUP, officer.pk), (State.DITUTUP, State.BARU, officer.pk)]


class TestSteps:
    def test_humas_acknowledges(self, reviewer, humas, warning):
        response = step(reviewer, warning, "akui", note="Diteruskan ke Kapolsek.")

        assert response.status_code == 302
        warning.refresh_from_db()
        assert (warning.state, warning.acknowledged_by, warning.version) == (State.DIAKUI, humas, 2)
        update = warning.updates.get()
        assert (update.author, update.state_from, update.state_to) == (humas, State.BARU, State.DIAKUI)
        assert update.note == "Diteruskan ke Kapolsek."

    def test_humas_assigns_an_officer_of_the_unit(self, client, reviewer, warning, other_officer):
        step(reviewer, warning, "akui")
        response = step(reviewer, warning, "tangani", assignee=other_officer.pk)

        assert response.status_code == 302
        warning.refresh_from_db()
        assert (warning.state, warning.assignee) == (State.DITANGANI, other_officer)
        assert "Ditugaskan kepada Brigpol Putu Adnyana." in warning.updates.last().note
        client.force_login(other_officer)
        assert client.get(detail(warning)).status_code == 200
        assert [w.pk for w in client.get("/warnings/").context["page"]] == [warning.pk]

    def test_an_officer_of_another_unit_is_not_offered(self, reviewer, warning):
        polres = Unit.objects.get(code="polres-ksb")
        maluk = Unit.objects.create(code="polsek-maluk", kind="polsek", parent=polres, name="Polsek Maluk", area="Maluk")
        elsewhere = make_user("bripda.maluk", Role.PETUGAS, unit=maluk)
        step(reviewer, warning, "akui")
        response = step(reviewer, warning, "tangani", assignee=elsewhere.pk)
        assert response.status_code == 200 and "assignee" in response.context["form"].errors
        warning.refresh_from_db()
        assert warning.state == State.DIAKUI

    def test_closing_needs_an_outcome_and_a_note(self, reviewer, warning):
        step(reviewer, warning, "akui")

        response = step(reviewer, warning, "tutup")

        errors = response.context["form"].errors
        assert errors["outcome"] == ["Pilih hasil penanganan peringatan dini ini."]
        assert errors["note"] == ["Tuliskan keterangan penutupan: apa yang terjadi dan apa yang sudah dilakukan."]
        warning.refresh_from_db()
        assert warning.state == State.DIAKUI

        response = step(reviewer, warning, "tutup", outcome="reda", note="Mediasi di kantor desa, kedua pihak sepakat.")
        assert response.status_code == 302
        warning.refresh_from_db()
        assert (warning.state, warning.outcome) == (State.DITUTUP, "reda")
        assert warning.outcome_note == "Mediasi di kantor desa, kedua pihak sepakat." and warning.closed_at
        page = reviewer.get(detail(warning)).content.decode()
        assert "Reda / tertangani" in page and "Mediasi di kantor desa" in page

    def test_a_new_warning_cannot_be_closed_before_it_is_acknowledged(self, reviewer, warning):
        response = step(reviewer, warning, "tutup", outcome="reda", note="Sudah reda.")
        assert "action" in response.context["form"].errors
        assert EarlyWarning.objects.get(pk=warning.pk).state == State.BARU

    def test_the_officer_who_raised_it_adds_notes_and_nothing_else(self, client, officer, warning):
        client.force_login(officer)
        page = client.get(detail(warning))
        assert [action for action, _label in page.context["form"].actions] == ["catatan"]

        assert step(client, warning, "catatan", note="Pemuda kedua dusun sudah dipertemukan.").status_code == 302
        refused = step(client, warning, "akui")

        assert refused.status_code == 200 and "action" in refused.context["form"].errors
        warning.refresh_from_db()
        assert warning.state == State.BARU
        assert list(warning.updates.values_list("author", "note")) == [
            (officer.pk, "Pemuda kedua dusun sudah dipertemukan.")
        ]

    def test_a_note_needs_text(self, reviewer, warning):
        response = step(reviewer, warning, "catatan", note="  ")
        assert response.context["form"].errors["note"]
        assert not EarlyWarningUpdate.objects.exists()


class TestStalePages:
    def test_a_step_on_a_stale_page_is_told_with_409_and_overwrites_nothing(self, client, reviewer, humas, warning):
        kapolsek = make_user("akp.kapolsek", Role.HUMAS, first_name="Yusran", rank="AKP")
        stale_version = warning.version
        change_warning(warning_id=warning.pk, author=kapolsek, expected_version=stale_version, state=State.DIAKUI)

        response = reviewer.post(detail(warning), {"version": stale_version, "action": "akui", "note": "Saya akui."})

        assert response.status_code == 409
        assert "sudah diubah oleh AKP Yusran" in response.content.decode()
        warning.refresh_from_db()
        assert (warning.acknowledged_by, warning.version) == (kapolsek, 2)
        assert warning.updates.count() == 1
        assert response.context["form"]["note"].value() == "Saya akui."

    def test_a_note_on_a_stale_page_is_still_kept(self, reviewer, humas, warning):
        change_warning(warning_id=warning.pk, author=humas, expected_version=1, state=State.DIAKUI)
        response = reviewer.post(detail(warning), {"version": 1, "action": "catatan", "note": "Warga tenang."})
        assert response.status_code == 302
        assert warning.updates.last().note == "Warga tenang."


class TestEscalation:
    def test_one_not_acknowledged_in_time_is_escalated_and_listed_first(self, reviewer, patrol, settings):
        settings.EARLY_WARNING_ESCALATE_HOURS = 6
        new, waiting, old = (make_warning(patrol) for _ in range(3))
        backdate(waiting, hours=5, minutes=50)
        backdate(old, hours=6, minutes=10)
        acknowledged = make_warning(patrol)
        backdate(acknowledged, hours=30)
        change_warning(warning_id=acknowledged.pk, author=None, expected_version=1, state=State.DIAKUI)

        response = reviewer.get("/warnings/")

        assert [w.pk for w in response.context["page"]] == [old.pk, waiting.pk, new.pk, acknowledged.pk]
        assert [w.is_escalated for w in response.context["page"]] == [True, False, False, False]
        assert response.content.decode().count(">Eskalasi</span>") == 1
        escalated = reviewer.get("/warnings/?state=eskalasi").context["page"]
        assert [w.pk for w in escalated] == [old.pk]

    def test_the_setting_decides_when(self, reviewer, warning, settings):
        backdate(warning, hours=2)
        settings.EARLY_WARNING_ESCALATE_HOURS = 1
        assert reviewer.get(detail(warning)).context["warning"].is_escalated
        settings.EARLY_WARNING_ESCALATE_HOURS = 3
        assert not reviewer.get(detail(warning)).context["warning"].is_escalated

    def test_the_command_stamps_it_once_on_the_timeline(self, patrol, settings):
        settings.EARLY_WARNING_ESCALATE_HOURS = 6
        late, on_time = make_warning(patrol), make_warning(patrol)
        backdate(late, hours=7)

        out = StringIO()
        call_command("escalate_warnings", stdout=out)
        call_command("escalate_warnings", stdout=StringIO())

        assert out.getvalue().startswith("1 ")
        late.refresh_from_db()
        assert late.escalated_at is not None
        assert list(late.updates.values_list("author", "note")) == [
            (None, "Belum diakui dalam 6 jam: dieskalasi ke pimpinan.")
        ]
        assert not on_time.updates.exists()


class TestList:
    def test_closed_ones_are_behind_their_tab(self, reviewer, humas, patrol):
        open_one, closed = make_warning(patrol), make_warning(patrol)
        change_warning(warning_id=closed.pk, author=humas, expected_version=1, state=State.DIAKUI)
        change_warning(
            warning_id=closed.pk, author=humas, expected_version=2, state=State.DITUTUP, outcome="tidak_terbukti",
            note="Hanya salah paham.",
        )

        response = reviewer.get("/warnings/")
        assert [w.pk for w in response.context["page"]] == [open_one.pk]
        counts = {value: count for value, _label, count in response.context["filters"]}
        assert counts == {"terbuka": 1, "eskalasi": 0, "baru": 1, "diakui": 0, "ditangani": 0, "ditutup": 1}
        assert [w.pk for w in reviewer.get("/warnings/?state=ditutup").context["page"]] == [closed.pk]

    def test_a_state_filter(self, reviewer, humas, patrol):
        make_warning(patrol)
        acknowledged = make_warning(patrol)
        change_warning(warning_id=acknowledged.pk, author=humas, expected_version=1, state=State.DIAKUI)
        assert [w.pk for w in reviewer.get("/warnings/?state=diakui").context["page"]] == [acknowledged.pk]


class TestWhoSeesWhat:
    @pytest.fixture
    def units(self):
        polres = Unit.objects.get(code="polres-ksb")
        sekongkang = Unit.objects.get(code="polsek-sekongkang")
        maluk = Unit.objects.create(code="polsek-maluk", kind="polsek", parent=polres, name="Polsek Maluk", area="Maluk")
        return {"polres": polres, "sekongkang": sekongkang, "maluk": maluk}

    def warning_in(self, unit, officer):
        # Kemendagri codes of the two kecamatan (sekongkang-facts.md); a code from the unit's pk outgrew the field.
        code = {"Sekongkang": "52.07.04", "Maluk": "52.07.08"}[unit.area]
        district = make_district(code=code, name=unit.area, unit=unit)
        return make_warning(make_patrol(officer), sector=make_sector(village=make_village(district=district)))

    def test_humas_sees_their_unit_and_below(self, client, units, officer):
        at_sekongkang = self.warning_in(units["sekongkang"], officer)
        at_maluk = self.warning_in(units["maluk"], officer)
        polsek_humas = make_user("humas.sekongkang", Role.HUMAS, unit=units["sekongkang"])
        polres_humas = make_user("humas.polres", Role.HUMAS, unit=units["polres"])

        client.force_login(polsek_humas)
        assert [w.pk for w in client.get("/warnings/").context["page"]] == [at_sekongkang.pk]
        assert client.get(detail(at_maluk)).status_code == 404
        assert client.get("/dashboard/").context["warning_total"] == 1
        client.force_login(polres_humas)
        assert {w.pk for w in client.get("/warnings/").context["page"]} == {at_sekongkang.pk, at_maluk.pk}
        # The dashboard the Polsek's Humas had cached is not the Polres's.
        assert client.get("/dashboard/").context["warning_total"] == 2

    def test_an_officer_sees_what_he_raised_or_was_given(self, client, officer, other_officer, warning):
        client.force_login(other_officer)
        assert list(client.get("/warnings/").context["page"]) == []
        assert client.get(detail(warning)).status_code == 404
        client.force_login(officer)
        assert [w.pk for w in client.get("/warnings/").context["page"]] == [warning.pk]

    def test_someone_in_no_role_is_refused(self, client, outsider, warning):
        client.force_login(outsider)
        assert client.get("/warnings/").status_code == 403
        assert client.get(detail(warning)).status_code == 403

    def test_the_permission_not_the_group_decides(self, client, warning):
        """An admin taking "close" away from Humas in the admin takes the step off the form."""
        humas = make_user("iptu.tanpa.tutup", Role.HUMAS)
        Group.objects.get(name=Role.HUMAS).permissions.remove(Permission.objects.get(codename="close_earlywarning"))
        change_warning(warning_id=warning.pk, author=humas, expected_version=1, state=State.DIAKUI)
        client.force_login(humas)
        actions = [a for a, _label in client.get(detail(warning)).context["form"].actions]
        assert actions == ["tangani", "catatan"]


class TestVisitPage:
    def test_it_links_to_the_warning_for_whoever_follows_it(self, client, reviewer, officer, other_officer, warning):
        visit = warning.visit
        visit.patrol.members.add(other_officer)
        assert detail(warning) in reviewer.get(visit.get_absolute_url()).content.decode()
        client.force_login(officer)
        assert detail(warning) in client.get(visit.get_absolute_url()).content.decode()
        # A patrol member who did not raise it reads the visit, not the warning.
        client.force_login(other_officer)
        page = client.get(visit.get_absolute_url())
        assert page.status_code == 200 and detail(warning) not in page.content.decode()


class TestQueries:
    def test_the_list_and_a_warning_cost_as_many_queries_with_ten_times_the_rows(
        self, reviewer, humas, patrol, django_assert_max_num_queries
    ):
        def fill(count):
            for _ in range(count):
                warning = make_warning(patrol)
                change_warning(warning_id=warning.pk, author=humas, expected_version=1, state=State.DIAKUI)
                change_warning(
                    warning_id=warning.pk, author=humas, expected_version=2, state=State.DITANGANI,
                    assignee=patrol.leader, note="Dipantau.",
                )
            return warning

        def counts(warning):
            found = []
            for url in ("/warnings/", "/warnings/?state=ditangani", detail(warning)):
                with django_assert_max_num_queries(99) as captured:
                    assert reviewer.get(url).status_code == 200
                found.append(len(captured))
            return found

        few = counts(fill(3))
        many = counts(fill(27))

        assert many == few
        # Session, user, roles, the user's and their groups' permissions; the counts and the page of rows;
        # on a warning, it with its visit, places and people, the officers it may go to, and its timeline.
        assert few == [7, 7, 8]
