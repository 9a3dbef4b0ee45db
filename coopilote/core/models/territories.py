"""French territories from INSEE's Code officiel géographique (reference data, natural keys).

INSEE codes are public identifiers, so they serve as primary keys: no UUID needed here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    zone = models.CharField(_("zone"), max_length=10, default="metro")

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("region")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


# Paris, Lyon and Marseille are communes divided into municipal arrondissements, each with its
# own INSEE code: a cooperative of « Lyon 3e Arrondissement » is in Lyon.
ARRONDISSEMENTS = {
    "75056": tuple(str(code) for code in range(75101, 75121)),
    "69123": tuple(str(code) for code in range(69381, 69390)),
    "13055": tuple(str(code) for code in range(13201, 13217)),
}


def with_arrondissements(code: str) -> tuple[str, ...]:
    """The commune's INSEE code, and those of its arrondissements if it has some."""
    return (code, *ARRONDISSEMENTS.get(code, ()))


class CommuneQuerySet(models.QuerySet["Commune"]):
    def in_department(self, code: str) -> CommuneQuerySet:
        return self.filter(department_id=code)

    def in_region(self, code: str) -> CommuneQuerySet:
        return self.filter(department__region_id=code)

    def with_postcode(self, postcode: str) -> CommuneQuerySet:
        return self.filter(postcodes__contains=postcode)

    def located(self) -> CommuneQuerySet:
        return self.exclude(latitude=None)


class Commune(models.Model):
    class LocationSource(models.TextChoices):
        GEONAMES = "geonames", _("the place's own point")
        POSTCODE = "postcode", _("approximated by a commune sharing its postcode")
        UNKNOWN = "", _("unknown")

    code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("département"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Space-separated: a commune may have several postcodes, and we only ever search them.
    postcodes = models.CharField(_("postcodes"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Maps and distances must know when a point is only a neighbour's (see core/data/README.md).
    location_source = models.CharField(
        _("location source"),
        max_length=10,
        choices=LocationSource.choices,
        default=LocationSource.UNKNOWN,
        blank=True,
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.department_id})"

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()
