from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The groups that carry each role's permissions (created by a data migration)."""

    PETUGAS = "Petugas", _("Petugas")
    HUMAS = "Humas", _("Humas")
    ADMIN = "Admin", _("Admin")


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

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """Rank and name as a press release writes it, e.g. "Bripka Ahmad Rahman"."""
        name = self.get_full_name() or self.username
        return f"{self.rank} {name}" if self.rank else name

    def has_role(self, *roles):
        if self.is_superuser:
            return True
        names = getattr(self, "_role_names", None)
        if names is None:
            names = self._role_names = set(self.groups.values_list("name", flat=True))
        return any(role in names for role in roles)

    @property
    def is_officer(self):
        return self.has_role(Role.PETUGAS)

    @property
    def is_reviewer(self):
        """Humas and Admin review aspirations."""
        return self.has_role(Role.HUMAS, Role.ADMIN)
