"""The volunteer pool: sign-up, import, deduplication, and volunteers who decline their seat
or withdraw (the convention's settings and quotas: ``setup``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.core.spreadsheet import CsvProblem, csv_records
from coopilote.governance.models import Category, Convention, Volunteer
from coopilote.governance.services.conventions.common import (
    ConventionError,
    DuplicateVolunteerError,
    draw_under_way,
    locked,
    next_number,
)
from coopilote.governance.services.conventions.setup import categories_of

MAX_IMPORT_LINES = 5_000
# Providers that ignore dots (Gmail) or a "+tag" in the local part: one mailbox, one volunteer.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
PLUS_DOMAINS = {
    "gmail.com",
    "outlook.com",
    "outlook.fr",
    "hotmail.com",
    "hotmail.fr",
    "live.fr",
    "protonmail.com",
    "proton.me",
    "icloud.com",
    "fastmail.com",
    "laposte.net",
}


def dedup_key(email: str) -> str:
    """The mailbox an address reaches: lower case, Gmail's dots and known "+tags" removed."""
    address = email.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    domain = DOTLESS_DOMAINS.get(domain, domain)
    if domain in PLUS_DOMAINS:
        local = local.split("+", 1)[0]
    if domain == "gmail.com":
        local = local.replace(".", "")
    return f"{local}@{domain}"


def _check_answers(convention: Convention, answers: Mapping[str, str]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for category, values in categories_of(convention):
        value = answers.get(category.key, "")
        if value not in values:
            raise ConventionError(
                _("« %(value)s » is not a value of « %(category)s ».")
                % {"value": value, "category": category.label}
            )
        clean[category.key] = value
    return clean


def sign_up(
    convention: Convention,
    first_name: str,
    last_name: str,
    email: str,
    answers: Mapping[str, str],
    actor: Any = None,
) -> Volunteer:
    """A volunteer through the public form (consent given there); a duplicate is refused with
    ``DuplicateVolunteerError``, which the page does not reveal (see its docstring)."""
    with transaction.atomic():
        fresh = locked(convention)
        if not fresh.signup_open():
            raise ConventionError(_("Sign-up to this convention is closed."))
        features = _check_answers(fresh, answers)
        key = dedup_key(email)
        if fresh.volunteers.filter(dedup_key=key).exists():
            raise DuplicateVolunteerError(_("This e-mail address is already in the pool."))
        try:
            with transaction.atomic():
                volunteer = Volunteer.objects.create(
                    convention=fresh,
                    number=next_number(fresh),
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    email=email.strip(),
                    dedup_key=key,
                    features=features,
                    consent_at=timezone.now(),
                    source=Volunteer.Source.FORM,
                )
        except IntegrityError:
            raise DuplicateVolunteerError(
                _("This e-mail address is already in the pool.")
            ) from None
        record(actor, "convention.sign_up", volunteer, convention=str(fresh.pk))
    return volunteer


# --- import ------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: nothing when ``errors`` is not empty (all or nothing)."""

    added: int = 0
    # (line number in the file, French message)
    errors: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _plain(text: str) -> str:
    """Lower case without accents, spaces or hyphens: how column names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in kept if c.isalnum())


NAME_COLUMNS = {
    "first_name": {"prenom", "firstname"},
    "last_name": {"nom", "lastname", "nomdefamille"},
    "email": {"email", "mail", "courriel", "adresseemail", "adressemail"},
}


def _columns(
    header: list[str], categories: list[tuple[Category, list[str]]]
) -> tuple[dict[str, int], list[str]]:
    """Column index of each field (names, e-mail, category keys); the missing ones."""
    plain = [_plain(cell) for cell in header]
    where: dict[str, int] = {}
    for name, accepted in NAME_COLUMNS.items():
        for index, cell in enumerate(plain):
            if cell in accepted:
                where[name] = index
                break
    for category, _values in categories:
        wanted = {_plain(category.key), _plain(category.label)}
        for index, cell in enumerate(plain):
            if cell in wanted:
                where[category.key] = index
                break
    missing = [
        *(name for name in NAME_COLUMNS if name not in where),
        *(category.key for category, _values in categories if category.key not in where),
    ]
    return where, missing


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def import_volunteers(actor: Any, convention: Convention, text: str) -> ImportReport:
    """Volunteers from a CSV file (first name, last name, e-mail, one column per category).

    All or nothing: any invalid line and nothing is added; duplicates (the same mailbox twice in
    the file, or already in the pool) are reported and skipped. The union attests consent."""
    report = ImportReport()
    text = text.lstrip("\ufeff")
    try:
        records = csv_records(text, _delimiter(text), MAX_IMPORT_LINES + 1)
    except CsvProblem as problem:
        if problem.too_many:
            report.errors.append(
                (problem.line, _("more than %(count)d lines.") % {"count": MAX_IMPORT_LINES})
            )
        else:
            report.errors.append((problem.line, _("unreadable CSV line.")))
        return report
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        report.errors.append((1, _("the file is empty.")))
        return report
    with transaction.atomic():
        fresh = locked(convention)
        if fresh.is_published:
            raise ConventionError(_("The pool is frozen: no volunteer can be added."))
        categories = categories_of(fresh)
        if not categories:
            raise ConventionError(_("Define the categories and their quotas first."))
        header_line, header = records[0]
        where, missing = _columns(header, categories)
        if missing:
            report.errors.append(
                (header_line, _("missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
            )
            return report
        known = dict(fresh.volunteers.values_list("dedup_key", "number"))
        seen: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for line, cells in records[1:]:
            row = _import_row(line, cells, where, categories, report)
            if row is None:
                continue
            key = dedup_key(row["email"])
            if key in known:
                report.duplicates.append(
                    (
                        line,
                        _("%(email)s is already in the pool (volunteer no. %(number)d): skipped.")
                        % {"email": row["email"], "number": known[key]},
                    )
                )
            elif key in seen:
                report.duplicates.append(
                    (
                        line,
                        _("%(email)s already appears on line %(first)d: skipped.")
                        % {"email": row["email"], "first": seen[key]},
                    )
                )
            else:
                seen[key] = line
                rows.append({**row, "dedup_key": key})
        if not report.ok:
            return report
        number = next_number(fresh)
        now = timezone.now()
        Volunteer.objects.bulk_create(
            Volunteer(
                convention=fresh,
                number=number + offset,
                consent_at=now,
                source=Volunteer.Source.IMPORT,
                **row,
            )
            for offset, row in enumerate(rows)
        )
        report.added = len(rows)
        record(
            actor,
            "convention.import",
            fresh,
            added=report.added,
            duplicates=len(report.duplicates),
        )
    convention.refresh_from_db()
    return report


def _import_row(
    line: int,
    cells: list[str],
    where: dict[str, int],
    categories: list[tuple[Category, list[str]]],
    report: ImportReport,
) -> dict[str, Any] | None:
    def cell(name: str) -> str:
        index = where[name]
        return cells[index].strip() if index < len(cells) else ""

    problems: list[str] = []
    first_name, last_name, email = cell("first_name"), cell("last_name"), cell("email")
    if not first_name or not last_name:
        problems.append(_("first name or last name missing"))
    if len(first_name) > 100 or len(last_name) > 100:
        problems.append(_("name longer than 100 characters"))
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("invalid e-mail address « %(email)s »") % {"email": email})
    features: dict[str, str] = {}
    for category, values in categories:
        given = cell(category.key)
        match = next((value for value in values if _plain(value) == _plain(given)), None)
        if match is None:
            problems.append(
                _("« %(value)s » is not a value of « %(category)s » (expected: %(values)s)")
                % {"value": given, "category": category.label, "values": ", ".join(values)}
            )
        else:
            features[category.key] = match
    if problems:
        report.errors.append((line, "; ".join(problems) + "."))
        return None
    return {"first_name": first_name, "last_name": last_name, "email": email, "features": features}


def decline(actor: Any, volunteer: Volunteer) -> None:
    """A drawn volunteer declines their seat; a replacement draw will fill it."""
    with transaction.atomic():
        convention = locked(volunteer.convention)
        fresh = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if fresh.status not in {Volunteer.Status.SELECTED, Volunteer.Status.REPLACEMENT}:
            raise ConventionError(_("Only a drawn volunteer can decline their seat."))
        if convention.status == Convention.Status.CLOSED:
            raise ConventionError(_("This convention is closed."))
        if draw_under_way(convention):
            raise ConventionError(
                _("A value of the replacement draw is revealed: record this decline after it.")
            )
        fresh.status = Volunteer.Status.DECLINED
        fresh.save(update_fields=["status", "updated_at"])
        record(actor, "convention.decline", fresh, fields=["status"], number=fresh.number)
    volunteer.refresh_from_db()


WITHDRAWN_DOMAIN = "retrait.invalid"


def withdraw(actor: Any, volunteer: Volunteer) -> None:
    """A volunteer withdraws their consent: removed from the pool before publication; after it,
    the pool is frozen (its numbered answers are published), so only the identity is erased,
    and a seat they held is to be filled by a replacement draw — unless a value of that draw
    is already revealed (see ``draw_under_way``): the seat is then declined after the draw."""
    with transaction.atomic():
        convention = locked(volunteer.convention)
        fresh = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not convention.is_published:
            record(actor, "convention.withdraw", fresh, number=fresh.number, erased="row")
            fresh.delete()
            return
        fresh.first_name, fresh.last_name = "", ""
        fresh.email = f"retrait-{fresh.number}@{WITHDRAWN_DOMAIN}"
        fresh.dedup_key = fresh.email
        seated = fresh.status in {Volunteer.Status.SELECTED, Volunteer.Status.REPLACEMENT}
        if (
            seated
            and not draw_under_way(convention)
            and convention.status != Convention.Status.CLOSED
        ):
            fresh.status = Volunteer.Status.DECLINED
        fresh.save()
        record(
            actor,
            "convention.withdraw",
            fresh,
            fields=["first_name", "last_name", "email", "status"],
            number=fresh.number,
            erased="identity",
        )
