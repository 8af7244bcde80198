import pytest

from patrols.models import Aspiration

from .factories import make_aspiration, make_patrol, make_visit

URL = "/aspirations/bulk-assign/"


@pytest.fixture
def aspirations(officer):
    visit = make_visit(make_patrol(officer))
    return [make_aspiration(visit) for _ in range(3)]


def ticked(*aspirations):
    return [f"{a.pk}:{a.version}" for a in aspirations]


@pytest.mark.django_db
class TestBulkAssign:
    def test_it_assigns_the_ticked_rows_and_goes_back_to_the_list(self, reviewer, aspirations, other_officer):
        back = "/aspirations/?status=baru&page=2"
        response = reviewer.post(
            URL, {"aspirations": ticked(*aspirations[:2]), "assignee": other_officer.pk, "next": back}
        )
        assert response.status_code == 302
        assert response["Location"] == back
        assert [a.assignee for a in Aspiration.objects.order_by("pk")] == [other_officer, other_officer, None]
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == ["2 aspirasi ditugaskan kepada Brigpol Putu Adnyana."]

    def test_rows_changed_since_the_list_was_loaded_are_left_alone(self, reviewer, aspirations, other_officer):
        changed = aspirations[0]
        Aspiration.objects.filter(pk=changed.pk).update(version=2)
        response = reviewer.post(URL, {"aspirations": ticked(*aspirations), "assignee": other_officer.pk})
        assert Aspiration.objects.get(pk=changed.pk).assignee is None
        messages = [str(m) for m in response.wsgi_request._messages]
        assert "1 aspirasi dilewati karena sudah diubah orang lain setelah daftar dibuka." in messages

    def test_nothing_ticked_is_explained(self, reviewer, aspirations, other_officer):
        response = reviewer.post(URL, {"assignee": other_officer.pk}, follow=True)
        assert "Centang dulu aspirasi yang akan ditugaskan." in response.content.decode()
        assert not Aspiration.objects.filter(assignee__isnull=False).exists()

    @pytest.mark.parametrize("row", ["1;DROP", "99999999999999999999:1", "١:١", "1" * 5000 + ":1"])
    def test_a_tampered_row_value_is_refused(self, reviewer, aspirations, other_officer, row):
        response = reviewer.post(URL, {"aspirations": [row], "assignee": other_officer.pk}, follow=True)
        assert "Pilihan aspirasi tidak dikenali." in response.content.decode()

    @pytest.mark.parametrize("back", ["https://example.com/", "//example.com/", "NaN", "aspirations"])
    def test_it_never_sends_the_reviewer_off_site(self, reviewer, aspirations, other_officer, back):
        data = {"aspirations": ticked(aspirations[0]), "assignee": other_officer.pk, "next": back}
        response = reviewer.post(URL, data)
        assert response["Location"] == "/aspirations/"

    def test_it_only_takes_post(self, reviewer):
        assert reviewer.get(URL).status_code == 405
