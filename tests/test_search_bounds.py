"""The review list's search is bounded in words and length: a crafted link cannot keep the database busy.

A search over the bounds is refused with a message in the filter form and never reaches the
database; the exports, which have no form to show it in, answer 400 with the same message.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patrols.filters import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS

from .test_aspiration_list import numbers
from .test_exports import csv_rows

pytestmark = pytest.mark.django_db

LIST, CSV, XLSX = "/aspirations/", "/aspirations/export.csv", "/aspirations/export.xlsx"
TOO_LONG = {
    "300 words": " ".join(["sapi"] * 300),
    # What a 3.9 KB address holds.
    "1,300 words": " ".join(["ab"] * 1300),
    "3.9 KB in one word": "x" * 3900,
}
SEARCHED = "Tiga Pilar batas lahan"


def searched(queries):
    return [query["sql"] for query in queries if "LIKE" in query["sql"]]


@pytest.mark.parametrize("q", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_the_list_refuses_a_long_search_in_its_form_without_running_it(reviewer, week, q):
    with CaptureQueriesContext(connection) as queries:
        response = reviewer.get(LIST, {"q": q})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Pencarian paling" in body and "Persingkat kata kuncinya" in body
    assert not searched(queries)


@pytest.mark.parametrize("url", [CSV, XLSX])
@pytest.mark.parametrize("q", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_an_export_refuses_a_long_search_with_a_page_saying_why(reviewer, week, url, q):
    with CaptureQueriesContext(connection) as queries:
        response = reviewer.get(url, {"q": q, "kind": "aspirasi"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Ekspor tidak dibuat" in body and "Persingkat kata kuncinya" in body
    assert "/aspirations/?" in body and "kind=aspirasi" in body
    assert not searched(queries)


def test_the_messages_name_the_limits(reviewer, week):
    words = reviewer.get(LIST, {"q": " ".join(["sapi"] * (SEARCH_MAX_WORDS + 1))}).content.decode()
    length = reviewer.get(LIST, {"q": "x" * (SEARCH_MAX_LENGTH + 1)}).content.decode()

    assert f"paling banyak {SEARCH_MAX_WORDS} kata" in words
    assert f"paling panjang {SEARCH_MAX_LENGTH} karakter" in length


def test_a_search_of_as_many_words_as_allowed_still_finds(reviewer, week):
    (expected,) = [a.pk for a in week.aspirations if "Tiga Pilar" in a.description]
    q = " ".join([*SEARCHED.split(), *["pilar"] * (SEARCH_MAX_WORDS - len(SEARCHED.split()))])

    assert numbers(reviewer.get(LIST, {"q": q})) == [expected]


def test_an_export_of_a_multi_word_search_holds_what_it_finds(reviewer, week):
    (expected,) = [a.pk for a in week.aspirations if "Tiga Pilar" in a.description]
    rows = csv_rows(reviewer.get(CSV, {"q": SEARCHED}))

    assert [int(row[0]) for row in rows[1:]] == [expected]
