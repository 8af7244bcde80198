from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def escalation_cutoff(now=None):
    """Warnings raised before this moment and still not acknowledged are escalated."""
    return (now or timezone.now()) - timedelta(hours=settings.EARLY_WARNING_ESCALATE_HOURS)


class EarlyWarningQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state=EarlyWarning.State.DITUTUP)

    def closed(self):
        return self.filter(state=EarlyWarning.State.DITUTUP)

    def escalated(self, now=None):
        return self.filter(state=EarlyWarning.State.BARU, created_at__lte=escalation_cutoff(now))

    def in_queue_order(self, now=None):
        """Escalated first, then new, acknowledged and being handled; the longest waiting first in each."""
        State = EarlyWarning.State
        rank = Case(
            When(state=State.BARU, created_at__lte=escalation_cutoff(now), then=Value(0)),
            When(state=State.BARU, then=Value(1)),
            When(state=State.DIAKUI, then=Value(2)),
            When(state=State.DITANGANI, then=Value(3)),
            default=Value(4),
        )
        return self.alias(rank=rank).order_by("rank", "created_at", "pk")


class EarlyWarning(models.Model):
    """A potential social conflict an officer flagged at a visit, followed until it is closed with an outcome."""

    class State(models.TextChoices):
        BARU = "baru", _("Baru")
        DIAKUI = "diakui", _("Diakui")
        DITANGANI = "ditangani", _("Ditangani")
        DITUTUP = "ditutup", _("Ditutup")

    class Outcome(models.TextChoices):
        REDA = "reda", _("Reda / tertangani")
        DITERUSKAN = "diteruskan", _("Diteruskan ke instansi")
        TIDAK_TERBUKTI = "tidak_terbukti", _("Tidak terbukti")
        # Set by the app, never chosen on the form: the officer took the flag off his report,
        # or the warning was older than a month when warnings became a workflow.
        DICABUT = "dicabut", _("Dicabut petugas pelapor")
        DIARSIPKAN = "diarsipkan", _("Diarsipkan saat peralihan")

    # What a reviewer may close a warning with.
    CLOSING_OUTCOMES = (Outcome.REDA, Outcome.DITERUSKAN, Outcome.TIDAK_TERBUKTI)
    OPEN_STATES = (State.BARU, State.DIAKUI, State.DITANGANI)
    TRANSITIONS = {
        State.BARU: (State.DIAKUI,),
        State.DIAKUI: (State.DITANGANI, State.DITUTUP),
        State.DITANGANI: (State.DITUTUP,),
        State.DITUTUP: (),
    }

    # Part of the visit, as its photos are: a visit removed in the admin takes its warning along.
    visit = models.OneToOneField(
        "patrols.Visit", on_delete=models.CASCADE, related_name="warning", verbose_name=_("kunjungan")
    )
    # Copied from the visit when it is written, so that a unit's queue reads one table.
    # Indexed by the partial indexes below, which lead with it.
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        related_name="early_warnings",
        verbose_name=_("kesatuan"),
        db_index=False,
        editable=False,
    )
    sector = models.ForeignKey(
        "sectors.Sector",
        on_delete=models.PROTECT,
        related_name="early_warnings",
        verbose_name=_("sektor"),
        editable=False,
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.BARU)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_early_warnings",
        verbose_name=_("petugas yang menangani"),
    )
    acknowledged_at = models.DateTimeField(_("diakui"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diakui oleh"),
    )
    # Stamped by `manage.py escalate_warnings`; pages tell an escalation from created_at without it.
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("keterangan hasil"), blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    # Raised by one on every change of state or assignee: a page loaded before is told it is stale.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    created_at = models.DateTimeField(_("dilaporkan"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = EarlyWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("peringatan dini")
        verbose_name_plural = _("peringatan dini")
        ordering = ["-created_at"]
        permissions = [
            ("acknowledge_earlywarning", _("Dapat mengakui peringatan dini")),
            ("assign_earlywarning", _("Dapat menangani dan menugaskan peringatan dini")),
            ("close_earlywarning", _("Dapat menutup peringatan dini")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["baru", "diakui", "ditangani", "ditutup"]), name="earlywarning_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "reda", "diteruskan", "tidak_terbukti", "dicabut", "diarsipkan"]),
                name="earlywarning_outcome_valid",
            ),
            # Closed with an outcome and a time, and only then.
            models.CheckConstraint(
                condition=(Q(state="ditutup") & ~Q(outcome="") & Q(closed_at__isnull=False))
                | (~Q(state="ditutup") & Q(outcome="") & Q(closed_at__isnull=True)),
                name="earlywarning_closed_with_outcome",
            ),
        ]
        indexes = [
            # A unit's open queue: /warnings/ and the dashboard.
            models.Index(fields=["unit", "created_at"], name="ewarning_unit_open_idx", condition=~Q(state="ditutup")),
            # A unit's closed tab, the latest closed first.
            models.Index(fields=["unit", "-closed_at"], name="ewarning_unit_closed_idx", condition=Q(state="ditutup")),
        ]

    def __str__(self):
        return _("Peringatan dini #%(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("warning_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state != self.State.DITUTUP

    @property
    def escalates_at(self):
        return self.created_at + timedelta(hours=settings.EARLY_WARNING_ESCALATE_HOURS)

    @property
    def is_escalated(self):
        """Not acknowledged within EARLY_WARNING_ESCALATE_HOURS: whether or not the command has stamped it."""
        return self.state == self.State.BARU and timezone.now() >= self.escalates_at

    def allowed_next_states(self):
        return self.TRANSITIONS[self.State(self.state)]


class EarlyWarningUpdate(models.Model):
    """One step on a warning's timeline: who, when, the state it moved from and to, and what they wrote."""

    # Indexed by ewupdate_timeline_idx, which leads with it.
    warning = models.ForeignKey(
        EarlyWarning, on_delete=models.CASCADE, related_name="updates", verbose_name=_("peringatan dini"), db_index=False
    )
    # Empty for what the system recorded (an escalation).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_warning_updates",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    state_from = models.CharField(_("dari status"), max_length=10, choices=EarlyWarning.State.choices, blank=True)
    state_to = models.CharField(_("ke status"), max_length=10, choices=EarlyWarning.State.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat peringatan dini")
        verbose_name_plural = _("riwayat peringatan dini")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["warning", "created_at"], name="ewupdate_timeline_idx")]

    def __str__(self):
        return f"{self.warning} · {timezone.localtime(self.created_at):%d/%m/%Y %H.%M}"

    @property
    def is_state_change(self):
        return bool(self.state_to) and self.state_to != self.state_from
