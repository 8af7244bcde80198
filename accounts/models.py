from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .default_units import default_unit_fields


class Role(models.TextChoices):
    """The groups that carry each role's permissions (created by a data migration)."""

    PETUGAS = "Petugas", _("Petugas")
    HUMAS = "Humas", _("Humas")
    ADMIN = "Admin", _("Admin")


# The kop surat's first line, above the unit and its parents. Like the rest of a letterhead it is the
# institution's name, written the same in every interface language.
LETTERHEAD_TOP = "KEPOLISIAN NEGARA REPUBLIK INDONESIA"


class UnitQuerySet(models.QuerySet):
    def with_parents(self):
        return self.select_related("parent__parent")

    def default(self):
        """The Polsek named by DEFAULT_POLSEK_CODE, with its Polres and Polda, or None."""
        return self.with_parents().filter(code=settings.DEFAULT_POLSEK_CODE).first()

    def for_documents(self, user):
        """The unit heading what `user` prints or drafts: their own, or the default Polsek for a user without one.

        Should the default units be gone from the database, their names in the settings still head the page.
        """
        unit = self.default() if user.unit_id is None else self.with_parents().filter(pk=user.unit_id).first()
        return unit or Unit.from_settings()


class Unit(models.Model):
    """A Polri unit: a Polda, a Polres under it, a Polsek under that, with what its documents need."""

    class Kind(models.TextChoices):
        # Sorted by value, the kinds come top down: ordering relies on it.
        POLDA = "polda", _("Polda")
        POLRES = "polres", _("Polres")
        POLSEK = "polsek", _("Polsek")

    # The kind of unit each kind reports to.
    PARENT_KINDS = {Kind.POLRES: Kind.POLDA, Kind.POLSEK: Kind.POLRES}
    # How a letterhead names a unit ("SEKTOR SEKONGKANG") and what its head is called when
    # head_title is left empty; both official Indonesian, like LETTERHEAD_TOP.
    LETTERHEAD_WORDS = {Kind.POLDA: "Daerah", Kind.POLRES: "Resor", Kind.POLSEK: "Sektor"}
    HEAD_TITLES = {Kind.POLDA: "Kapolda", Kind.POLRES: "Kapolres", Kind.POLSEK: "Kapolsek"}

    name = models.CharField(_("nama"), max_length=100, help_text=_("Misalnya: Polsek Sekongkang"))
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
        help_text=_("Polres untuk Polsek, Polda untuk Polres; kosong untuk Polda."),
    )
    code = models.SlugField(
        _("kode"), max_length=30, unique=True, help_text=_("Singkat, tanpa spasi: huruf, angka dan tanda hubung.")
    )
    area = models.CharField(
        _("wilayah"),
        max_length=100,
        help_text=_(
            'Nama wilayah pada kop surat dan jabatan: "Sekongkang" untuk SEKTOR SEKONGKANG dan Kapolsek Sekongkang.'
        ),
    )
    address = models.CharField(
        _("alamat"), max_length=200, blank=True, help_text=_("Alamat kantor untuk kop surat, dengan kode pos.")
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    head_title = models.CharField(
        _("jabatan pimpinan"),
        max_length=60,
        blank=True,
        help_text=_("Kosongkan untuk Kapolda, Kapolres atau Kapolsek sesuai jenisnya; isi misalnya \"Plt. Kapolsek\"."),
    )
    head_name = models.CharField(_("nama pimpinan"), max_length=100, blank=True)
    head_rank = models.CharField(_("pangkat pimpinan"), max_length=30, blank=True)
    head_nrp = models.CharField(_("NRP pimpinan"), max_length=20, blank=True)
    humas_name = models.CharField(
        _("nama Kasi Humas"), max_length=100, blank=True, help_text=_("Dikutip dalam draf siaran pers.")
    )
    humas_rank = models.CharField(_("pangkat Kasi Humas"), max_length=30, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("kesatuan")
        verbose_name_plural = _("kesatuan")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["polda", "polres", "polsek"]), name="unit_kind_valid"),
            # A Polda has no parent and every other unit has one; clean() checks the parent's kind.
            models.CheckConstraint(
                condition=Q(kind="polda", parent__isnull=True) | (~Q(kind="polda") & Q(parent__isnull=False)),
                name="unit_only_polda_at_top",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        expected = self.PARENT_KINDS.get(self.kind)
        if expected is None:
            if self.parent_id is not None:
                raise ValidationError({"parent": _("Polda tidak berinduk; kosongkan induknya.")})
        elif self.parent is None or self.parent.kind != expected:
            message = _("Induk %(kind)s harus sebuah %(parent)s.") % {
                "kind": self.Kind(self.kind).label,
                "parent": expected.label,
            }
            raise ValidationError({"parent": message})

    @classmethod
    def from_settings(cls):
        """The default Polsek under its Polres and Polda as the DEFAULT_POL* settings name them, unsaved."""
        unit = None
        for fields in default_unit_fields():
            unit = cls(parent=unit, **fields)
        return unit

    def reach(self):
        """This unit and every unit below it, as a queryset (one query, or a subquery inside another).

        Only a Polda has a parent's parent below it: the kinds fix the tree at three levels, so two
        joins find every descendant, with no stored path to keep right when a unit moves.
        """
        return Unit.objects.filter(Q(pk=self.pk) | Q(parent=self.pk) | Q(parent__parent=self.pk))

    def lineage(self):
        """The Polda down to this unit (load with with_parents() to walk it without queries)."""
        units, unit = [], self
        # Three levels at most: a loop of parents written past clean() cannot hang a page.
        while unit is not None and len(units) < len(self.Kind):
            units.insert(0, unit)
            unit = unit.parent
        return units

    def above(self, kind):
        """This unit or the one above it of `kind`, or None."""
        return next((unit for unit in self.lineage() if unit.kind == kind), None)

    @property
    def letterhead_lines(self):
        """The kop surat: KEPOLISIAN NEGARA REPUBLIK INDONESIA, then the Polda down to this unit."""
        return [LETTERHEAD_TOP] + [f"{self.LETTERHEAD_WORDS[u.kind]} {u.area}".upper() for u in self.lineage()]

    @property
    def head_position(self):
        """The head's title as signed: "Kapolsek Sekongkang"."""
        return f"{self.head_title or self.HEAD_TITLES[self.kind]} {self.area}"

    @property
    def humas_display(self):
        return " ".join(part for part in (self.humas_rank, self.humas_name) if part)


class User(AbstractUser):
    class Rank(models.TextChoices):
        # Perkap No. 3 Tahun 2016, from Bintara up to Perwira Menengah: the ranks
        # found at a Polsek and at Polres staff.
        BRIPDA = "Bripda", "Bripda"
        BRIPTU = "Briptu", "Briptu"
        BRIGPOL = "Brigpol", "Brigpol"
        BRIPKA = "Bripka", "Bripka"
        AIPDA = "Aipda", "Aipda"
        AIPTU = "Aiptu", "Aiptu"
        IPDA = "Ipda", "Ipda"
        IPTU = "Iptu", "Iptu"
        AKP = "AKP", "AKP"
        KOMPOL = "Kompol", "Kompol"
        AKBP = "AKBP", "AKBP"

    rank = models.CharField(_("pangkat"), max_length=16, choices=Rank.choices, blank=True)
    nrp = models.CharField(_("NRP"), max_length=20, blank=True)
    position = models.CharField(
        _("jabatan"), max_length=120, blank=True, help_text=_("Misalnya: Bhabinkamtibmas Desa Tongo")
    )
    # Empty for a superuser, who serves in no unit; documents of a user without one name the default Polsek.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("kesatuan")
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """Rank and name as a press release writes it, e.g. "Bripka Ahmad Rahman"."""
        return self.name_of(self.rank, self.first_name, self.last_name, self.username)

    @staticmethod
    def name_of(rank, first_name, last_name, username):
        """display_name from the columns alone: lists of hundreds of officers need no model instance each."""
        name = f"{first_name} {last_name}".strip() or username
        return f"{rank} {name}" if rank else name

    # Roles are what the groups' permissions allow (accounts.migrations.0005): the admin changes a role there.

    @property
    def is_officer(self):
        """Who files visits: the Petugas group's permission."""
        return self.has_perm("patrols.file_visit")

    @property
    def is_reviewer(self):
        """Who reviews aspirations: Humas and Admin, by their groups' permission."""
        return self.has_perm("patrols.review_aspiration")
