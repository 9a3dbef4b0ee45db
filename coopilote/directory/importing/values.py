"""One cell → one value, or a ``ValueError`` whose text is the French report's message.

Pure Python: the database lookups (communes, NAF codes, existing SIRETs) are batched in
``validation``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from coopilote.directory.importing.columns import fold
from coopilote.members.models.cooperative import LegalStatus
from coopilote.members.validators import is_valid_siret, normalize_company_id

MAX_NAME = 200
_FORMS = {"sa": "sa", "sarl": "sarl", "sas": "sas", "sasu": "sas"}
_FAMILIES = ("scop", "scic", "cae")
_NAF = re.compile(r"(\d{2})\.?(\d{2})([a-z])")
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_NUMBER = re.compile(r"\d+(?:[.,]0+)?")


@dataclass(frozen=True)
class Status:
    family: str  # "scop", "scic" or "subsidiary"
    form: str | None  # "sa", "sarl", "sas", or None when the file does not say
    is_cae: bool

    def legal_status(self, current: str | None = None) -> str:
        """The stored status; an unsaid form keeps the current one of the family, else SARL."""
        if self.family == "subsidiary":
            return LegalStatus.SUBSIDIARY.value
        if self.form is None:
            if current and current.startswith(self.family + "_"):
                return current
            return f"{self.family}_sarl"
        return f"{self.family}_{self.form}"


def siret(raw: str) -> str:
    value = normalize_company_id(raw, 14)
    if not value:
        raise ValueError("le SIRET manque.")
    if not value.isdigit() or len(value) != 14:
        raise ValueError(f"le SIRET {raw.strip()} n’est pas valide (14 chiffres attendus).")
    if not is_valid_siret(value):
        raise ValueError(f"le SIRET {raw.strip()} n’est pas valide (clé de contrôle).")
    return value


def siren(raw: str, of_siret: str) -> str:
    """An optional SIREN column must agree with the SIRET (the SIREN is always derived)."""
    value = normalize_company_id(raw, 9)
    if value and value != of_siret[:9]:
        raise ValueError(f"le SIREN {raw.strip()} ne correspond pas au SIRET {of_siret}.")
    return of_siret[:9]


def name(raw: str) -> str:
    value = " ".join(raw.split())
    if not value:
        raise ValueError("le nom manque.")
    if len(value) > MAX_NAME:
        raise ValueError(f"le nom est trop long ({len(value)} caractères, {MAX_NAME} au plus).")
    return value


def status(raw: str) -> Status:
    """ "Scop SA", "SCOP SARL", "Scic SAS", "CAE", "CAE Scic", "filiale"…"""
    words = fold(raw).split()
    if not words:
        raise ValueError("le statut manque (Scop, Scic, CAE ou filiale).")
    if any(word.startswith("filiale") or word == "subsidiary" for word in words):
        return Status("subsidiary", None, False)
    is_cae = "cae" in words
    family = "scic" if "scic" in words else "scop" if ("scop" in words or is_cae) else ""
    forms = {_FORMS[word] for word in words if word in _FORMS}
    unknown = [word for word in words if word not in _FORMS and word not in _FAMILIES]
    if not family or len(forms) > 1 or unknown:
        raise ValueError(
            f"statut «\u00a0{raw.strip()[:40]}\u00a0» inconnu (par exemple\u00a0: Scop SARL, "
            "Scop SA, Scic SAS, CAE, filiale)."
        )
    return Status(family, forms.pop() if forms else None, is_cae)


def naf(raw: str) -> str | None:
    """ "43.32A", "4332A", "43.32a" → "43.32A" (the stored form); empty → None."""
    text = fold(raw).replace(" ", "")
    if not text:
        return None
    found = _NAF.fullmatch(text.replace(".", "")) or _NAF.fullmatch(text)
    if found is None:
        raise ValueError(
            f"code NAF «\u00a0{raw.strip()[:20]}\u00a0» illisible (par exemple 43.32A)."
        )
    return f"{found[1]}.{found[2]}{found[3].upper()}"


def postcode(raw: str) -> str:
    """Five digits; Excel drops the leading zero of Ain, Aisne… ("1000" → "01000")."""
    text = raw.strip().replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        return ""
    if text.isdigit() and len(text) == 4:
        text = "0" + text
    if not (text.isascii() and text.isdigit() and len(text) == 5):
        raise ValueError(f"le code postal «\u00a0{raw.strip()[:10]}\u00a0» n’a pas 5 chiffres.")
    return text


def creation_date(raw: str) -> datetime.date | None:
    text = raw.strip()
    if not text:
        return None
    found = _DATE.fullmatch(text)
    try:
        if found:
            return datetime.date(int(found[3]), int(found[2]), int(found[1]))
        iso = _ISO_DATE.fullmatch(text)
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise ValueError(f"la date «\u00a0{text[:20]}\u00a0» n’est pas une date JJ/MM/AAAA.")


def headcount(raw: str) -> int | None:
    """A whole number; "12,0" (a decimal comma) is twelve, "12,5" is refused."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not text:
        return None
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"l’effectif «\u00a0{raw.strip()[:20]}\u00a0» n’est pas un nombre entier.")
    return int(re.split(r"[.,]", text)[0])


def commune_key(raw: str) -> str:
    """Accents, case, hyphens and "St"/"Ste" abbreviations do not matter."""
    words = fold(raw.replace("’", " ").replace("'", " ")).split()
    expanded = {"st": "saint", "ste": "sainte"}
    return " ".join(expanded.get(word, word) for word in words)


def department_codes(code: str) -> list[str]:
    """The départements a postcode may fall in (Corsica's 20xxx are 2A or 2B; overseas 97x)."""
    if code.startswith("20"):
        return ["2A", "2B"]
    if code.startswith(("97", "98")):
        return [code[:3]]
    return [code[:2]]
