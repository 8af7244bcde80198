"""The follow-up workflow of an aspiration.

Each function locks the rows it changes, checks that the reviewer acted on the
current version of the page, and writes the timeline (`AspirationUpdate`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Aspiration, AspirationUpdate

Status = Aspiration.Status

# Passed as `assignee` when the reviewer did not touch the assignee.
UNCHANGED = object()


class StaleAspiration(Exception):
    """Someone changed the aspiration after the reviewer's page was loaded."""

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

    Raises StaleAspiration when `expected_version` is not the current one and
    ValidationError, keyed by form field, when the change is not allowed.
    Returns the new AspirationUpdate.
    """
    aspiration = Aspiration.objects.select_for_update().get(pk=aspiration_id)
    if aspiration.version != expected_version:
        raise StaleAspiration(aspiration)

    note, forwarded_to, refusal_reason = note.strip(), forwarded_to.strip(), refusal_reason.strip()
    status_from = aspiration.status
    moving = bool(status) and status != status_from
    reassigning = assignee is not UNCHANGED and getattr(assignee, "pk", None) != aspiration.assignee_id
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
    Aspiration.objects.bulk_update(fresh, ["assignee", "version", "updated_at"])
    AspirationUpdate.objects.bulk_create(
        AspirationUpdate(aspiration=a, author=author, created_at=now, status_from=a.status, note=note) for a in fresh
    )
    return len(fresh), len(aspirations) - len(fresh)
