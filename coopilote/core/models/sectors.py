"""Activities: INSEE's NAF rév. 2 tree and the union's own sector taxonomy mapped onto it.

The congress asked to "talk in sectors of activity rather than filières": the union's
sectors are a versioned mapping from NAF sections/divisions, so NAF 2025 can be added
as a new version without touching the cooperatives.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENT_TAXONOMY = "ur-2025"


class NafCode(models.Model):
    class Level(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")
        GROUP = "group", _("group")
        CLASS = "class", _("class")
        SUBCLASS = "subclass", _("sub-class")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    label = models.CharField(_("label"), max_length=250)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    section = models.CharField(_("section"), max_length=1)
    version = models.CharField(_("nomenclature"), max_length=20, default="naf-rev2")

    class Meta:
        ordering = ["code"]
        verbose_name = _("NAF code")
        verbose_name_plural = _("NAF codes")

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"

    @property
    def division(self) -> str:
        return self.code[:2] if self.level != self.Level.SECTION else ""


class Sector(models.Model):
    slug = models.SlugField(_("identifier"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    taxonomy = models.CharField(_("taxonomy version"), max_length=20, default=CURRENT_TAXONOMY)

    class Meta:
        ordering = ["order"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class SectorMappingQuerySet(models.QuerySet["SectorMapping"]):
    def sector_for(self, naf: NafCode | None, taxonomy: str = CURRENT_TAXONOMY) -> Sector | None:
        """The most specific rule wins: a division rule beats its section's rule."""
        if naf is None:
            return None
        keys = [naf.section]
        if naf.level != NafCode.Level.SECTION:
            keys.append(naf.code[:2])
        rules = {
            rule.naf_prefix: rule
            for rule in self.filter(taxonomy=taxonomy, naf_prefix__in=keys).select_related("sector")
        }
        for key in reversed(keys):
            if key in rules:
                return rules[key].sector
        return None


class SectorMapping(models.Model):
    """``naf_prefix`` is a section letter ("F") or a division ("62")."""

    taxonomy = models.CharField(_("taxonomy version"), max_length=20, default=CURRENT_TAXONOMY)
    naf_prefix = models.CharField(_("NAF section or division"), max_length=2)
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="mappings")

    objects = SectorMappingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "naf_prefix"], name="one_rule_per_prefix")
        ]
        verbose_name = _("sector mapping")
        verbose_name_plural = _("sector mappings")

    def __str__(self) -> str:
        return f"{self.naf_prefix} → {self.sector_id}"
