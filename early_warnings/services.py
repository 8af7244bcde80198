"""What happens to early warnings, each step in one transaction with its timeline entry.

A warning is made with the visit that raises it (sync_with_visit, called by
patrols.services when a visit is filed or edited), moved along by Kapolsek,
Humas or the officer handling it (change_warning), and stamped as escalated by
`manage.py escalate_warnings`. Like aspirations, a change of state or assignee
made on a page loaded before the last change is refused (StaleWarning); a note
only adds to the timeline.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import EarlyWarning, EarlyWarningUpdate

State = EarlyWarning.State
Outcome = EarlyWarning.Outcome

# Passed as `assignee` when the reviewer did not touch the assignee.
UNCHANGED = object()


class StaleWarning(Exception):
    """Someone changed the warning after the page acting on it was loaded."""

    def __init__(self, warning):
        super().__init__(warning.pk)
        self.warning = warning
        self.last_update = warning.updates.select_related("author").order_by("created_at", "pk").last()

    @property
    def message(self):
        if self.last_update is None or self.last_update.author is None:
            return _("Peringatan dini ini sudah diubah setelah halaman Anda dibuka. Perubahan Anda belum disimpan.")
        return _(
            "Peringatan dini ini sudah diubah oleh %(author)s pukul %(time)s setelah halaman Anda dibuka. "
            "Perubahan Anda belum disimpan: periksa riwayat terbaru, lalu kirim ulang bila masih perlu."
        ) % {
            "author": self.last_update.author.display_name,
            "time": timezone.localtime(self.last_update.created_at).strftime("%H.%M"),
        }


def _record(warning, author, note, state_from, state_to=""):
    return EarlyWarningUpdate.objects.create(
        warning=warning, author=author, state_from=state_from, state_to=state_to, note=note
    )


@transaction.atomic
def raise_warning(*, visit):
    """The warning of a visit just filed with the early-warning flag, in the state baru."""
    return EarlyWarning.objects.create(visit=visit, unit_id=visit.unit_id, sector_id=visit.sector_id)


@transaction.atomic
def sync_with_visit(*, visit, author):
    """After an edit of `visit`: raise its warning if the flag was set, withdraw it if the flag was taken off
    (a closed warning with the outcome "dicabut", reopened should the flag come back), and move it with the
    visit to another sector. The timeline is the official record: it is written in the project's language
    whatever the officer's interface speaks.
    """
    warning = EarlyWarning.objects.select_for_update().filter(visit=visit).first()
    if warning is None:
        return raise_warning(visit=visit) if visit.early_warning else None
    with translation.override(settings.LANGUAGE_CODE):
        warning.unit_id, warning.sector_id = visit.unit_id, visit.sector_id
        fields = ["unit", "sector", "updated_at"]
        if visit.early_warning and warning.outcome == Outcome.DICABUT:
            state_from = warning.state
            warning.state, warning.outcome, warning.outcome_note, warning.closed_at = State.BARU, "", "", None
            warning.version += 1
            fields += ["state", "outcome", "outcome_note", "closed_at", "version"]
            note = _("Petugas memasang lagi tanda peringatan dini pada laporannya.")
            _record(warning, author, note, state_from, State.BARU)
        elif not visit.early_warning and warning.is_open:
            state_from = warning.state
            note = _("Petugas mencabut tanda peringatan dini dari laporannya.")
            warning.state, warning.outcome, warning.outcome_note = State.DITUTUP, Outcome.DICABUT, note
            warning.closed_at = timezone.now()
            warning.version += 1
            fields += ["state", "outcome", "outcome_note", "closed_at", "version"]
            _record(warning, author, note, state_from, State.DITUTUP)
        warning.save(update_fields=fields)
    return warning


def transition_error(state_from, state_to):
    labels = dict(State.choices)
    allowed = EarlyWarning.TRANSITIONS[State(state_from)]
    if not allowed:
        return _("Peringatan dini ini sudah ditutup; statusnya tidak dapat diubah lagi.")
    return _("Status tidak dapat diubah dari %(from)s ke %(to)s. Yang diizinkan: %(allowed)s.") % {
        "from": labels[state_from],
        "to": labels.get(state_to, state_to),
        "allowed": ", ".join(str(labels[s]) for s in allowed),
    }


def _check_move(warning, state, outcome, note):
    if state not in State.values or state not in warning.allowed_next_states():
        raise ValidationError({"action": transition_error(warning.state, state)})
    if state == State.DITUTUP:
        errors = {}
        if outcome not in EarlyWarning.CLOSING_OUTCOMES:
            errors["outcome"] = _("Pilih hasil penanganan peringatan dini ini.")
        if not note:
            errors["note"] = _("Tuliskan keterangan penutupan: apa yang terjadi dan apa yang sudah dilakukan.")
        if errors:
            raise ValidationError(errors)


def _assignment_line(assignee):
    if assignee is None:
        return _("Ditangani tanpa petugas khusus.")
    return _("Ditugaskan kepada %(name)s.") % {"name": assignee.display_name}


@transaction.atomic
def change_warning(*, warning_id, author, expected_version, state="", note="", assignee=UNCHANGED, outcome=""):
    """Acknowledge, handle (with an assignee or none), close with an outcome, or add a note; one timeline entry.

    Raises StaleWarning when the change asks for a state or an assignee and `expected_version`, the
    version the author's page showed, is not the current one; ValidationError, keyed by form field,
    when the change is not allowed. Returns the new EarlyWarningUpdate.
    """
    warning = EarlyWarning.objects.select_for_update().get(pk=warning_id)
    note = note.strip()
    state_from = warning.state
    moving = bool(state) and state != state_from
    reassigning = assignee is not UNCHANGED and getattr(assignee, "pk", None) != warning.assignee_id
    # A state asked for, even the one it now has, was chosen on the page as it was then.
    if (state or reassigning) and warning.version != expected_version:
        raise StaleWarning(warning)
    # Handling again is a change of the officer handling it, not of the state.
    handling = state == State.DITANGANI
    if state and not (handling and state_from == State.DITANGANI):
        _check_move(warning, state, outcome, note)
    if not (moving or reassigning or note):
        raise ValidationError({"note": _("Tidak ada yang berubah. Tuliskan catatan atau pilih langkah lain.")})

    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        if moving:
            warning.state = state
            if state == State.DIAKUI:
                warning.acknowledged_at, warning.acknowledged_by = now, author
            elif state == State.DITUTUP:
                warning.outcome, warning.outcome_note, warning.closed_at = outcome, note, now
                lines.append(_("Hasil: %(outcome)s.") % {"outcome": Outcome(outcome).label})
        if reassigning or (moving and handling):
            warning.assignee = None if assignee is UNCHANGED else assignee
            lines.append(_assignment_line(warning.assignee))
        if note:
            lines.append(note)

    if moving or reassigning:
        warning.version += 1
    warning.save()
    return EarlyWarningUpdate.objects.create(
        warning=warning,
        author=author,
        created_at=now,
        state_from=state_from,
        state_to=state if moving else "",
        note="\n".join(lines),
    )


@transaction.atomic
def escalate_overdue(*, now=None):
    """Stamp the warnings not acknowledged in time, each with an entry on its timeline; return how many.

    The version is left alone: a reviewer acknowledging at that moment is not told his page is stale.
    """
    now = now or timezone.now()
    pending = list(
        EarlyWarning.objects.escalated(now).filter(escalated_at__isnull=True).select_for_update().order_by("pk")
    )
    if not pending:
        return 0
    EarlyWarning.objects.filter(pk__in=[w.pk for w in pending]).update(escalated_at=now)
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Belum diakui dalam %(hours)d jam: dieskalasi ke pimpinan.") % {
            "hours": settings.EARLY_WARNING_ESCALATE_HOURS
        }
    EarlyWarningUpdate.objects.bulk_create(
        EarlyWarningUpdate(warning=w, author=None, created_at=now, state_from=w.state, note=note) for w in pending
    )
    return len(pending)
