"""Workflows that write several models at once, each in one transaction.

The follow-up of an aspiration goes through change_aspiration (or, for many at
once, assign_aspirations), whoever acts: each locks the rows it changes, bumps
their version so that a page loaded before is told it is stale, and writes the
timeline (`AspirationUpdate`).
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from early_warnings.services import raise_warning, sync_with_visit

from .models import Agency, Aspiration, AspirationUpdate, ContactChannel, Patrol, Visit, VisitPhoto

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


def end_patrol(*, patrol, ended_at=None):
    """End the patrol now, or at the time the phone recorded; a second tap or a replay keeps the first end time.

    Return whether this call ended it.
    """
    ended = Patrol.objects.filter(pk=patrol.pk, ended_at__isnull=True).update(ended_at=ended_at or timezone.now())
    patrol.refresh_from_db(fields=["ended_at"])
    return bool(ended)


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
        _record_consent(aspiration, officer)
        aspiration.save()
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    if visit.early_warning:
        raise_warning(visit=visit)
    # In primary-key order, the order assign_aspirations locks them in, so
    # that two transactions never wait on each other's rows.
    for aspiration, note in sorted(responses, key=lambda response: response[0].pk):
        change_aspiration(
            aspiration_id=aspiration.pk,
            author=officer,
            expected_version=None,
            note=note,
            feedback_delivered=True,
            visit=visit,
            feedback_channel=ContactChannel.LANGSUNG,
            feedback_at=visit.visited_at,
        )
    return visit, True


def _record_consent(aspiration, officer):
    """The resident's consent to be contacted, provable: when it was given and to whom (UU 27/2022)."""
    if not aspiration.contact_consent:
        aspiration.contact_channel = ""
        aspiration.consent_recorded_at = aspiration.consent_recorded_by = None
    elif aspiration.consent_recorded_at is None:
        aspiration.consent_recorded_at = timezone.now()
        aspiration.consent_recorded_by = officer


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
        _record_consent(aspiration, visit.officer)
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


def _check_move(aspiration, status, agency, refusal_reason, note):
    if status not in Status.values or not aspiration.can_move_to(status):
        raise ValidationError({"status": transition_error(aspiration.status, status)})
    if status == Status.DITERUSKAN and agency is None:
        raise ValidationError({"agency": _("Pilih instansi tujuan penerusan, atau tulis namanya di Instansi lain.")})
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
    agency=None,
    assignee=UNCHANGED,
    feedback_delivered=False,
    visit=None,
    feedback_channel="",
    feedback_at=None,
    public_note=UNCHANGED,
    reported_done=False,
):
    """Move an aspiration along the workflow and record one timeline entry.

    Forwarding names an `agency`, or types one (`forwarded_to`): a name the
    aspiration's unit already knows, by any of its aliases, is that agency;
    another becomes a new one of that unit. `public_note` is what residents
    read at /cek/<code>/; `reported_done` is an officer saying the work is
    done in the field, for Humas to confirm by closing it.

    Raises StaleAspiration when `expected_version`, the version the author's
    page showed, is not the current one and the change asks for a status or
    another assignee, and ValidationError, keyed by form field, when the change
    is not allowed. A note or word that residents were told only adds to the
    timeline and overwrites nothing: it is recorded whatever changed since (an
    officer reporting from the field passes None), and still makes a
    reviewer's open page stale.
    `visit` is the visit at which an officer gave the word.
    Returns the new AspirationUpdate.
    """
    aspiration = Aspiration.objects.select_for_update().get(pk=aspiration_id)
    note, forwarded_to, refusal_reason = note.strip(), forwarded_to.strip(), refusal_reason.strip()
    status_from = aspiration.status
    moving = bool(status) and status != status_from
    reassigning = assignee is not UNCHANGED and getattr(assignee, "pk", None) != aspiration.assignee_id
    publishing = public_note is not UNCHANGED and public_note.strip() != aspiration.public_note
    # A status asked for, even the one it now has, was chosen on the page as it was then.
    if (status or reassigning or publishing) and expected_version is not None and aspiration.version != expected_version:
        raise StaleAspiration(aspiration)
    if moving and status == Status.DITERUSKAN and agency is None and forwarded_to:
        agency = agency_named(forwarded_to, unit_id=aspiration.unit_id)
    if moving:
        _check_move(aspiration, status, agency, refusal_reason, note)
    if reported_done and not note:
        raise ValidationError({"note": _("Tuliskan apa yang sudah dikerjakan di lapangan.")})
    if not (moving or reassigning or publishing or note or feedback_delivered):
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
                aspiration.agency, aspiration.forwarded_to = agency, agency.name
                lines.append(_("Diteruskan ke %(agency)s.") % {"agency": agency.name})
            elif status == Status.TIDAK_DAPAT:
                aspiration.refusal_reason = refusal_reason
                lines.append(_("Alasan: %(reason)s") % {"reason": refusal_reason})
            if status in Aspiration.CLOSED_STATUSES:
                aspiration.closed_at = timezone.now()
        if reassigning:
            aspiration.assignee = assignee
            lines.append(_assignment_line(assignee))
        if publishing:
            aspiration.public_note = public_note.strip()
            if aspiration.public_note:
                lines.append(_("Catatan publik: %(note)s") % {"note": aspiration.public_note})
            else:
                lines.append(_("Catatan publik dihapus."))
        if reported_done:
            aspiration.reported_done_at = timezone.now()
            lines.append(_("Dilaporkan selesai di lapangan; menunggu konfirmasi Humas."))
        if note:
            lines.append(note)

    aspiration.version += 1
    aspiration.save(
        update_fields=[
            "status", "forwarded_to", "agency", "refusal_reason", "closed_at", "assignee", "public_note",
            "reported_done_at", "version", "updated_at",
        ]
    )
    return AspirationUpdate.objects.create(
        aspiration=aspiration,
        author=author,
        status_from=status_from,
        status_to=status if moving else "",
        note="\n".join(lines),
        feedback_delivered=feedback_delivered,
        visit=visit,
        feedback_channel=feedback_channel if feedback_delivered else "",
        feedback_at=(feedback_at or timezone.now()) if feedback_delivered else None,
        reported_done=reported_done,
    )


def agency_named(name, *, unit_id):
    """The agency `name` means for a unit, made as one of that unit's when it knows none by that name."""
    name = " ".join(name.split())
    found = Agency.objects.for_unit(unit_id).find(name)
    if found is not None:
        return found
    agency, _created = Agency.objects.get_or_create(unit_id=unit_id, name=name)
    return agency


class TaskAction(models.TextChoices):
    NOTE = "note", gettext_lazy("Tambah catatan")
    FEEDBACK = "feedback", gettext_lazy("Tanggapan sudah sampai ke warga")
    DONE = "done", gettext_lazy("Selesai di lapangan (dikonfirmasi Humas)")


@transaction.atomic
def report_on_task(*, aspiration_id, officer, expected_version, action, note="", channel="", delivered_at=None):
    """What the officer an aspiration is assigned to did about it: a note, word that the resident was
    answered (how and when), or that it is done in the field.

    Unlike a note from a visit, it is told when the task changed since the officer's page was loaded:
    Humas may have closed it or given it to someone else meanwhile.
    """
    aspiration = Aspiration.objects.select_for_update().get(pk=aspiration_id)
    if aspiration.version != expected_version or aspiration.assignee_id != officer.pk or not aspiration.is_open:
        raise StaleAspiration(aspiration)
    return change_aspiration(
        aspiration_id=aspiration_id,
        author=officer,
        expected_version=expected_version,
        note=note,
        feedback_delivered=action == TaskAction.FEEDBACK,
        feedback_channel=channel,
        feedback_at=delivered_at,
        reported_done=action == TaskAction.DONE,
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
