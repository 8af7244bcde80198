"""Aspirations counted by what the pages group and filter them by, kept exact by database triggers.

The triggers (migration 0002, one dialect for SQLite and one for PostgreSQL) add and subtract in
the transaction of every write to patrols_aspiration and of every move of a visit to another
sector, whatever wrote it: the services, QuerySet.update(), the admin, an import, a COPY.
`manage.py verify_figures` compares them with the base tables and repairs them.

An aspiration reaches its sector through its visit: the triggers look the sector up by the
visit's primary key rather than keep a copy of it on the aspiration, so no write path (an
update of a visit's sector that bypasses the services among them) can leave a copy behind.
A visit that moves moves its aspirations' counts (the visit trigger). The price: the overdue
count per sector, which no tally holds (it depends on the day), joins the visits.

The unit is stored as `unit_key`, 0 for an aspiration of no unit: NULL is never equal to NULL,
so a unique key holding it would let the same figure appear twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

NO_UNIT = 0
# What each tally counts by: its unique key.
UNIT_KEY = ("unit_key", "status", "category", "kind", "urgency")
SECTOR_KEY = ("unit_key", "sector", "status", "category", "kind", "urgency")
KIND_WEEK_KEY = ("unit_key", "week", "kind", "status")
CATEGORY_WEEK_KEY = ("unit_key", "week", "category")
SECTOR_WEEK_KEY = ("unit_key", "week", "sector")


class Tally(models.Model):
    """A count of aspirations sharing a key; a count of 0 may stay, readers sum."""

    unit_key = models.PositiveIntegerField(_("kesatuan"), help_text=_("0: tanpa kesatuan."))
    status = models.CharField(_("status"), max_length=16)
    category = models.ForeignKey(
        "patrols.AspirationCategory",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("kategori"),
    )
    kind = models.CharField(_("jenis"), max_length=10)
    urgency = models.CharField(_("urgensi"), max_length=10)
    count = models.IntegerField(_("jumlah"))

    class Meta:
        abstract = True


class AspirationTally(Tally):
    """Per unit, sector, status, category, kind and urgency: the map's layers and the review list filtered by
    desa or sector read these (tens of thousands of rows at a million aspirations)."""

    # No foreign key constraint: a sector in use is protected by its visits already.
    sector = models.ForeignKey(
        "sectors.Sector", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("sektor")
    )

    class Meta:
        verbose_name = _("jumlah aspirasi per sektor")
        verbose_name_plural = _("jumlah aspirasi per sektor")
        constraints = [models.UniqueConstraint(fields=SECTOR_KEY, name="aspiration_tally_key")]


class AspirationUnitTally(Tally):
    """The same without the sector (under two thousand rows for a Polres): the review list's tabs when no
    desa or sector is chosen."""

    class Meta:
        verbose_name = _("jumlah aspirasi per kesatuan")
        verbose_name_plural = _("jumlah aspirasi per kesatuan")
        constraints = [models.UniqueConstraint(fields=UNIT_KEY, name="aspiration_unit_tally_key")]


class WeekTally(models.Model):
    """A count of the aspirations recorded in one week (Monday to Sunday, local time) of a unit: the dashboard's
    twelve weeks and the weekly report read a few hundred of these instead of every aspiration of the period."""

    unit_key = models.PositiveIntegerField(_("kesatuan"), help_text=_("0: tanpa kesatuan."))
    week = models.DateField(_("pekan (Senin)"))
    count = models.IntegerField(_("jumlah"))

    class Meta:
        abstract = True


class KindWeekTally(WeekTally):
    """Per kind and status: the weekly chart, new this week, and how the period's aspirations were resolved."""

    kind = models.CharField(_("jenis"), max_length=10)
    status = models.CharField(_("status"), max_length=16)

    class Meta:
        verbose_name = _("jumlah aspirasi per pekan dan jenis")
        verbose_name_plural = _("jumlah aspirasi per pekan dan jenis")
        constraints = [models.UniqueConstraint(fields=KIND_WEEK_KEY, name="kind_week_tally_key")]


class CategoryWeekTally(WeekTally):
    """Per category: the bars "per kategori"."""

    category = models.ForeignKey(
        "patrols.AspirationCategory",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("kategori"),
    )

    class Meta:
        verbose_name = _("jumlah aspirasi per pekan dan kategori")
        verbose_name_plural = _("jumlah aspirasi per pekan dan kategori")
        constraints = [models.UniqueConstraint(fields=CATEGORY_WEEK_KEY, name="category_week_tally_key")]


class SectorWeekTally(WeekTally):
    """Per sector (summed per desa by the reader): the bars "per desa" and the weekly report's desa table."""

    sector = models.ForeignKey(
        "sectors.Sector", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("sektor")
    )

    class Meta:
        verbose_name = _("jumlah aspirasi per pekan dan sektor")
        verbose_name_plural = _("jumlah aspirasi per pekan dan sektor")
        constraints = [models.UniqueConstraint(fields=SECTOR_WEEK_KEY, name="sector_week_tally_key")]
