"""Workflows that write several models at once, each in one transaction.

The follow-up of an aspiration goes through change_aspiration (or, for many at
once, assign_aspirations), whoever acts: each locks the rows it changes, bumps
their version so that a page loaded before is told it is stale, and writes the
timeline (`AspirationUpdate`).
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from early_warnings.services import raise_warning, sync_with_visit

from .models import Aspiration, AspirationUpdate, Patrol, Visit, VisitPhoto

Status = Aspiration.Status

# Passed as `assignee` when the reviewer did not touch the assignee.
UNCHANGED = object()

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
    # A new visit has no appeals yet: the rows are written without set() asking which exist.
    Visit.appeals.through.objects.bulk_create(
        Visit.appeals.through(visit=visit, appealtopic=topic) for topic in data["appeals"]
    )
    for aspiration in aspirations:
        aspiration.visit = visit
        aspiration.save()
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    if visit.early_warning:
        raise_warning(visit=visit)
    # In primary-key order, the order assign_aspirations locks them in, so
    # that two transactions never wait on each other's rows.
    for aspiration, note in sorted(responses, key=lambda response: response[0].pk):
        change_aspiration(
            aspiration_id=aspiration.pk, author=officer, expected_version=None, note=note, feedback_delivered=True
        )
    return visit, True


@transaction.atomic
def update_visit(*, visit, version, data, aspirations, removed_aspirations, photos, removed_photos):
    """Apply an edit made on the form opened at `version` (the visit's updated_at then).

    The early warning follows the flag: raised when it is set, withdrawn when it is taken off.
    """
    current = Visit.objects.select_for_update().filter(pk=visit.pk).values_list("updated_at", flat=True).get()
    if current.isoformat() != version:
        raise StaleVisit
    unit_before = visit.unit_id
    for field in VISIT_FIELDS:
        setattr(visit, field, data[field])
    visit.save()
    if visit.unit_id != unit_before:
        # Moved to a sector of another unit: its aspirations, whatever their status, follow it.
        visit.aspirations.update(unit=visit.unit_id)
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
    sync_with_visit(visit=visit, author=visit.officer)
    return visit


class StaleAspiration(Exception):
    """Someone changed the aspiration after the page acting on it was loaded."""

    def __init__(self, aspiration):
        super().__init__(aspiration.pk)
        self.aspiration = aspiration
        self.last_update = aspiration.updates.select_related("author").order_by("created_at", "pk").last()

    @property
    def message(self):
        if self.last_update is None:
            return _("Aspirasi ini sudah diubah setelah halaman Anda dibuka. Perubahan Anda belum disimpan.")
        return _(
            "Aspirasi ini sudah diubah oleh %(author)s pukul %(time)s setelah halaman Anda dibuka. "
            "Perubahan Anda belum disimpan: periksa riwayat terbaru, lalu kirim ulang bila masih perlu."
        ) % {
            "author": self.last_update.author.display_name,
            "time": timezone.localtime(self.last_update.created_at).strftime("%H.%M"),
        }


def transition_error(status_from, status_to):
    labels = dict(Status.choices)
    allowed = Aspiration.TRANSITIONS[Status(status_from)]
    if not allowed:
        return _("Aspirasi berstatus %(from)s sudah ditutup; statusnya tidak dapat diubah lagi.") % {
            "from": labels[status_from]
        }
    return _("Status tidak dapat diubah dari %(from)s ke %(to)s. Yang diizinkan: %(allowed)s.") % {
        "from": labels[status_from],
        "to": labels.get(status_to, status_to),
        "allowed": ", ".join(str(labels[s]) for s in allowed),
    }


def _check_move(aspiration, status, forwarded_to, refusal_reason, note):
    if status not in Status.values or not aspiration.can_move_to(status):
        raise ValidationError({"status": transition_error(aspiration.status, status)})
    if status == Status.DITERUSKAN and not forwarded_to:
        raise ValidationError({"forwarded_to": _("Sebutkan instansi tujuan penerusan.")})
    if status == Status.TIDAK_DAPAT and not refusal_reason:
        raise ValidationError({"refusal_reason": _("Tuliskan alasan mengapa aspirasi tidak dapat ditindaklanjuti.")})
    if status == Status.SELESAI and not note:
        raise ValidationError({"note": _("Tuliskan catatan penyelesaian: apa yang sudah dilakukan.")})


def _assignment_line(assignee):
    if assignee is None:
        return _("Penanggung jawab dilepas.")
    return _("Ditugaskan kepada %(name)s.") % {"name": assignee.display_name}


@transaction.atomic
def change_aspiration(
    *,
    aspiration_id,
    author,
    expected_version,
    status="",
    note="",
    forwarded_to="",
    refusal_reason="",
    assignee=UNCHANGED,
    feedback_delivered=False,
):
    """Move an aspiration along the workflow and record one timeline entry.

    Raises StaleAspiration when `expected_version`, the version the author's
    page showed, is not the current one and the change asks for a status or
    another assignee, and ValidationError, keyed by form field, when the change
    is not allowed. A note or word that residents were told only adds to the
    timeline and overwrites nothing: it is recorded whatever changed since (an
    officer reporting from the field passes None), and still makes a
    reviewer's open page stale.
    Returns the new AspirationUpdate.
    """
    aspiration = Aspiration.objects.select_for_update().get(pk=aspiration_id)
    note, forwarded_to, refusal_reason = note.strip(), forwarded_to.strip(), refusal_reason.strip()
    status_from = aspiration.status
    moving = bool(status) and status != status_from
    reassigning = assignee is not UNCHANGED and getattr(assignee, "pk", None) != aspiration.assignee_id
    # A status asked for, even the one it now has, was chosen on the page as it was then.
    if (status or reassigning) and expected_version is not None and aspiration.version != expected_version:
        raise StaleAspiration(aspiration)
    if moving:
        _check_move(aspiration, status, forwarded_to, refusal_reason, note)
    if not (moving or reassigning or note or feedback_delivered):
        raise ValidationError(
            _(
                "Tidak ada yang berubah. Pilih status baru atau penanggung jawab, tulis catatan, "
                "atau tandai tanggapan sudah disampaikan ke warga."
            )
        )

    # The timeline is the official record: it is written in the project's
    # language whatever language the reviewer's interface is in.
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        if moving:
            aspiration.status = status
            if status == Status.DITERUSKAN:
                aspiration.forwarded_to = forwarded_to
                lines.append(_("Diteruskan ke %(agency)s.") % {"agency": forwarded_to})
            elif status == Status.TIDAK_DAPAT:
                aspiration.refusal_reason = refusal_reason
                lines.append(_("Alasan: %(reason)s") % {"reason": refusal_reason})
            if status in Aspiration.CLOSED_STATUSES:
                aspiration.closed_at = timezone.now()
        if reassigning:
            aspiration.assignee = assignee
            lines.append(_assignment_line(assignee))
        if note:
            lines.append(note)

    aspiration.version += 1
    aspiration.save(
        update_fields=["status", "forwarded_to", "refusal_reason", "closed_at", "assignee", "version", "updated_at"]
    )
    return AspirationUpdate.objects.create(
        aspiration=aspiration,
        author=author,
        status_from=status_from,
        status_to=status if moving else "",
        note="\n".join(lines),
        feedback_delivered=feedback_delivered,
    )


@transaction.atomic
def assign_aspirations(*, versions, assignee, author):
    """Give open aspirations to one person; `versions` maps pk to the version the list showed.

    Aspirations changed since the list was loaded, closed ones and those
    already with this assignee are left as they are. Returns the numbers
    assigned and skipped as stale.
    """
    aspirations = list(
        Aspiration.objects.select_for_update().filter(pk__in=versions).open().exclude(assignee=assignee).order_by("pk")
    )
    fresh = [a for a in aspirations if a.version == versions[a.pk]]
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        note = _assignment_line(assignee)
    for aspiration in fresh:
        aspiration.assignee = assignee
        aspiration.version += 1
        aspiration.updated_at = now
    # With history rows, as a save would write them: bulk_update alone leaves none.
    bulk_update_with_history(fresh, Aspiration, ["assignee", "version", "updated_at"], default_user=author)
    AspirationUpdate.objects.bulk_create(
        AspirationUpdate(aspiration=a, author=author, created_at=now, status_from=a.status, note=note) for a in fresh
    )
    return len(fresh), len(aspirations) - len(fresh)
