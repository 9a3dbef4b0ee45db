"""Create or refresh a cooperative from the public register: one transaction, one audit row.

Identity fields — what the register is the authority on — are the only ones ever written:
name, head-office SIRET, legal status (only when the category says "Scop"), NAF code (and the
sector it implies), address, postcode, commune, creation date; the headcount only while ours is
unknown (0), because a band's lower bound is coarser than what the union recorded.
Everything the union or the cooperative writes by hand (description, contact, website,
published fields, associates, federation, origin, CAE flag, membership) is never touched.
A cooperative of another union is never moved nor changed: it is reported as a conflict.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.core.models import Commune, NafCode, SectorMapping
from coopilote.directory.registry.mapping import RegistryRecord
from coopilote.members.models import Cooperative, Union

SOURCE = "recherche-entreprises"


class Action(enum.StrEnum):
    CREATE = "create"
    REFRESH = "refresh"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass
class Plan:
    action: Action
    record: RegistryRecord
    cooperative: Cooperative | None = None
    # field name -> new value (a model instance for foreign keys)
    changes: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        return sorted(self.changes)


def plan(union: Union, data: RegistryRecord) -> Plan:
    """What applying ``data`` to ``union`` would do; writes nothing."""
    existing = _existing(data)
    if existing is not None and existing.union_id != union.pk:
        return Plan(
            Action.CONFLICT,
            data,
            existing,
            message=_("Already a cooperative of another union (%(union)s): left untouched.")
            % {"union": existing.union},
        )
    warnings: list[str] = []
    values = _identity_values(data, warnings)
    if existing is None:
        if not data.legal_status:
            return Plan(
                Action.CONFLICT,
                data,
                message=_(
                    "The register's legal category (%(category)s) does not say whether it is a "
                    "Scop or a Scic: create it by hand, then refresh it from the register."
                )
                % {"category": data.nature_juridique or "?"},
            )
        if Cooperative.objects.filter(siret=data.siret).exists():
            return Plan(
                Action.CONFLICT,
                data,
                message=_("Another cooperative already has this SIRET (%(siret)s).")
                % {"siret": data.siret},
            )
        values["legal_status"] = data.legal_status
        values["headcount"] = data.headcount or 0
        return Plan(Action.CREATE, data, None, values, warnings=warnings)
    changes = _changes(existing, data, values, warnings)
    action = Action.REFRESH if changes else Action.UNCHANGED
    return Plan(action, data, existing, changes, warnings=warnings)


def apply(actor: Any, union: Union, data: RegistryRecord) -> Plan:
    """Create or refresh; a conflict is returned as such, with nothing written."""
    with transaction.atomic():
        existing = _existing(data)
        if existing is not None:
            # Locked, and the plan recomputed on the locked row: a concurrent edit is not lost.
            Cooperative.objects.select_for_update().filter(pk=existing.pk).get()
        result = plan(union, data)
        if result.action == Action.CREATE:
            cooperative = Cooperative(union=union, siren=data.siren, **result.changes)
            cooperative.sector = SectorMapping.objects.sector_for(cooperative.naf)
            cooperative.save()
            record(actor, "cooperative.create", cooperative, source=SOURCE)
            result.cooperative = cooperative
        elif result.action == Action.REFRESH:
            assert result.cooperative is not None
            cooperative = result.cooperative
            changed = list(result.changes)
            for name, value in result.changes.items():
                setattr(cooperative, name, value)
            if "naf" in changed:
                sector = SectorMapping.objects.sector_for(cooperative.naf)
                if sector != cooperative.sector:
                    cooperative.sector = sector
                    changed.append("sector")
            cooperative.save(update_fields=[*changed, "updated_at"])
            record(actor, "cooperative.update", cooperative, fields=changed, source=SOURCE)
    return result


def _existing(data: RegistryRecord) -> Cooperative | None:
    # The head office's SIRET first (one row), else any cooperative of that SIREN.
    candidates = Cooperative.objects.select_related("union", "naf", "commune")
    return (
        candidates.filter(siret=data.siret).first()
        or candidates.filter(siren=data.siren).order_by("created_at").first()
    )


def _identity_values(data: RegistryRecord, warnings: list[str]) -> dict[str, Any]:
    naf = NafCode.objects.filter(pk=data.naf_code, level=NafCode.Level.SUBCLASS).first()
    if data.naf_code and naf is None:
        warnings.append(_("Unknown NAF code %(code)s: left empty.") % {"code": data.naf_code})
    commune = Commune.objects.filter(pk=data.commune_code).first() if data.commune_code else None
    if commune is None:
        warnings.append(
            _("Unknown commune %(code)s (%(label)s): left empty.")
            % {"code": data.commune_code or "?", "label": data.commune_label}
        )
    return {
        "name": data.name,
        "siret": data.siret,
        "naf": naf,
        "address": data.address,
        "postcode": data.postcode,
        "commune": commune,
        "creation_date": data.creation_date,
    }


def _changes(
    cooperative: Cooperative, data: RegistryRecord, values: dict[str, Any], warnings: list[str]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if value in (None, ""):
            continue  # the register knows nothing: keep ours
        if value != getattr(cooperative, name):
            changes[name] = value
    # "MENUISERIE DES MONTS" in the register, "Menuiserie des Monts" here: ours is kept.
    if "name" in changes and _same_words(changes["name"], cooperative.name):
        del changes["name"]
    if (
        "siret" in changes
        and Cooperative.objects.filter(siret=data.siret).exclude(pk=cooperative.pk).exists()
    ):
        del changes["siret"]
        warnings.append(_("Another cooperative already has this SIRET: not changed."))
    if data.legal_status and data.legal_status != cooperative.legal_status:
        changes["legal_status"] = data.legal_status
    if data.headcount is not None and not cooperative.headcount and data.headcount:
        changes["headcount"] = data.headcount
    return changes


def _same_words(left: str, right: str) -> bool:
    return slugify(left) == slugify(right)
