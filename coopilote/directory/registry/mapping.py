"""One result of the register → the identity fields of a cooperative.

Legal categories (INSEE "catégories juridiques", the API's ``nature_juridique``):
only three say "Scop" — 5458 SARL coopérative de production (SCOP), 5558 SA coopérative de
production (SCOP) à conseil d'administration, 5658 SA coopérative de production (SCOP) à
directoire. There is no Scop SAS, Scic or CAE category: a Scop SAS is filed as 5710 (any SAS),
a Scic as 5460 / 5560 / 5660 ("autre SARL / SA coopérative") or 5710. So the legal status is
only inferred for the three Scop codes; otherwise the union says it.

Headcount bands (INSEE "tranches d'effectif salarié"): we keep the band's LOWER bound (an
estimate that never overstates a cooperative's size); "NN" (no employee) and "00" give 0.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from coopilote.members.models.cooperative import LegalStatus
from coopilote.members.validators import is_valid_siren, is_valid_siret

# Cooperative categories one can search for, with the status each one implies (if any).
CATEGORIES: dict[str, tuple[Any, str | None]] = {
    "5458": (_("5458 — SARL cooperative of production (Scop SARL)"), LegalStatus.SCOP_SARL),
    "5558": (_("5558 — SA Scop with a board of directors"), LegalStatus.SCOP_SA),
    "5658": (_("5658 — SA Scop with a management board"), LegalStatus.SCOP_SA),
    "5460": (_("5460 — other SARL cooperative (often a Scic SARL)"), None),
    "5560": (_("5560 — other SA cooperative, board of directors (often a Scic SA)"), None),
    "5660": (_("5660 — other SA cooperative, management board (often a Scic SA)"), None),
    "5710": (_("5710 — SAS (any SAS: Scop SAS and Scic SAS among them)"), None),
}

# INSEE band code → lower bound of the band.
HEADCOUNT_LOWER_BOUND = {
    "NN": 0,
    "00": 0,
    "01": 1,
    "02": 3,
    "03": 6,
    "11": 10,
    "12": 20,
    "21": 50,
    "22": 100,
    "31": 200,
    "32": 250,
    "41": 500,
    "42": 1000,
    "51": 2000,
    "52": 5000,
    "53": 10000,
}

_NAF = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
_POSTCODE = re.compile(r"^\d{5}$")
_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True)
class RegistryRecord:
    """What the register says of one legal unit, already checked and normalised."""

    siren: str
    siret: str
    name: str
    nature_juridique: str
    legal_status: str | None
    naf_code: str | None
    address: str
    postcode: str
    commune_code: str | None
    commune_label: str
    creation_date: datetime.date | None
    headcount_band: str | None
    headcount: int | None
    is_ess: bool | None

    @property
    def category_label(self) -> str:
        entry = CATEGORIES.get(self.nature_juridique)
        return str(entry[0]) if entry else self.nature_juridique


class MappingError(ValueError):
    pass


def to_record(result: dict[str, Any]) -> RegistryRecord:
    """Raise MappingError when the result lacks what a cooperative cannot do without."""
    siren = _text(result.get("siren"))
    if not is_valid_siren(siren):
        raise MappingError(_("The register sent an invalid SIREN (%(siren)s).") % {"siren": siren})
    siege = result.get("siege") if isinstance(result.get("siege"), dict) else {}
    assert isinstance(siege, dict)
    siret = _text(siege.get("siret"))
    if not (siret.startswith(siren) and is_valid_siret(siret)):
        raise MappingError(
            _("The register gives no valid head-office SIRET for %(siren)s.") % {"siren": siren}
        )
    name = _text(result.get("nom_raison_sociale")) or _text(result.get("nom_complet"))
    if not name:
        raise MappingError(_("The register gives no name for %(siren)s.") % {"siren": siren})
    category = _text(result.get("nature_juridique"))
    band = _text(result.get("tranche_effectif_salarie")) or None
    complements = result.get("complements") if isinstance(result.get("complements"), dict) else {}
    assert isinstance(complements, dict)
    ess = complements.get("est_ess")
    postcode = _text(siege.get("code_postal"))
    commune_label = _text(siege.get("libelle_commune"))
    commune = _text(siege.get("commune"))
    return RegistryRecord(
        siren=siren,
        siret=siret,
        name=name[:200],
        nature_juridique=category,
        legal_status=legal_status_for(category),
        naf_code=naf_code(result.get("activite_principale")),
        address=street_address(siege, postcode, commune_label)[:250],
        postcode=postcode if _POSTCODE.match(postcode) else "",
        commune_code=commune if _COMMUNE.match(commune) else None,
        commune_label=commune_label,
        creation_date=_date(result.get("date_creation")),
        headcount_band=band,
        headcount=HEADCOUNT_LOWER_BOUND.get(band) if band else None,
        is_ess=ess if isinstance(ess, bool) else None,
    )


def legal_status_for(category: str) -> str | None:
    entry = CATEGORIES.get(category)
    return str(entry[1]) if entry and entry[1] else None


def naf_code(value: object) -> str | None:
    """ "43.32A" (the API's form, and ours); "4332A" is accepted too."""
    text = _text(value).upper()
    if re.fullmatch(r"\d{4}[A-Z]", text):
        text = f"{text[:2]}.{text[2:]}"
    return text if _NAF.match(text) else None


def street_address(siege: dict[str, Any], postcode: str, commune_label: str) -> str:
    """The address without its "postcode commune" tail, which have their own fields."""
    full = _text(siege.get("adresse"))
    tail = f" {postcode} {commune_label}".rstrip()
    if full and postcode and tail.strip() and tail in full:
        return full[: full.index(tail)].strip(" ,")
    parts = [
        siege.get("complement_adresse"),
        siege.get("numero_voie"),
        siege.get("indice_repetition"),
        siege.get("type_voie"),
        siege.get("libelle_voie"),
    ]
    built = " ".join(_text(part) for part in parts if _text(part))
    return built or full


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, (str, int)) else ""


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None
