"""Workflows that write several models at once, each in one transaction."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AspirationUpdate, Patrol, Visit, VisitPhoto

VISIT_FIELDS = (
    "sector",
    "visited_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "people_met",
    "situation",
    "summary",
    "early_warning",
    "early_warning_note",
)


class StaleVisit(Exception):
    """The visit changed after the edit form was opened."""


@transaction.atomic
def start_patrol(*, leader, members, notes=""):
    patrol = Patrol.objects.create(leader=leader, notes=notes)
    patrol.members.set(members)
    return patrol


def end_patrol(*, patrol):
    """End the patrol now; a second tap keeps the first end time."""
    Patrol.objects.filter(pk=patrol.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    patrol.refresh_from_db(fields=["ended_at"])


@transaction.atomic
def file_visit(*, officer, patrol, data, aspirations, photos, responses, client_uuid):
    """Save a visit and everything filed with it; return (visit, created).

    A form sent again with the same client_uuid (a double tap, a browser
    retry, a replay arriving at the same moment) gets the visit saved the
    first time, by way of the database's unique constraint.
    """
    visit = Visit(patrol=patrol, officer=officer, client_uuid=client_uuid)
    for field in VISIT_FIELDS:
        setattr(visit, field, data[field])
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        existing = Visit.objects.filter(officer=officer, client_uuid=client_uuid).first()
        if existing is None:
            raise
        return existing, False
    visit.appeals.set(data["appeals"])
    for aspiration in aspirations:
        aspiration.visit = visit
        aspiration.save()
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    for aspiration, note in responses:
        AspirationUpdate.objects.create(aspiration=aspiration, author=officer, note=note, feedback_delivered=True)
    return visit, True


@transaction.atomic
def update_visit(*, visit, version, data, aspirations, removed_aspirations, photos, removed_photos):
    """Apply an edit made on the form opened at `version` (the visit's updated_at then)."""
    current = Visit.objects.select_for_update().filter(pk=visit.pk).values_list("updated_at", flat=True).get()
    if current.isoformat() != version:
        raise StaleVisit
    for field in VISIT_FIELDS:
        setattr(visit, field, data[field])
    visit.save()
    visit.appeals.set(data["appeals"])
    for aspiration in removed_aspirations:
        aspiration.delete()
    for aspiration in aspirations:
        aspiration.visit = visit
        aspiration.save()
    for photo in removed_photos:
        photo.delete()
        # The file goes only once the row is surely gone.
        transaction.on_commit(partial(photo.image.storage.delete, photo.image.name))
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    return visit
