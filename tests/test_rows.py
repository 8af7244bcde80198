"""accounts.rows reads what the ORM reads: the same instances, field by field, on SQLite and PostgreSQL."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import Unit, User
from accounts.rows import column, rows

from .factories import make_user

pytestmark = pytest.mark.django_db


def fields(instance):
    return {name: value for name, value in vars(instance).items() if name != "_state"}


@pytest.mark.parametrize("model", [User, Unit, Session])
def test_every_row_reads_as_the_orm_reads_it(humas, model):
    make_user("bripda.ani", last_login=timezone.now(), rank="Bripda")
    Client().force_login(humas)
    expected = {instance.pk: fields(instance) for instance in model.objects.all()}
    assert expected
    assert {instance.pk: fields(instance) for instance in rows(model)} == expected


def test_a_where_narrows_the_rows(humas):
    found = rows(User, f"{column(User, 'username')} = %s", ["iptu.humas"])
    assert [user.pk for user in found] == [humas.pk]
    assert found[0].date_joined.tzinfo is not None
    assert rows(User, f"{column(User, 'username')} = %s", ["tidak.ada"]) == []
