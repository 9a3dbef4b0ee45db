"""Import a congress text from the command line, through the same service as the web form."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopilote.members.models import Union
from coopilote.roadmap.congress_text import ParseError
from coopilote.roadmap.services import import_congress


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Date invalide «\u00a0{value}\u00a0»\u00a0: écrivez AAAA-MM-JJ."
        ) from None


def choose_union(slug: str | None) -> Union:
    if slug:
        union = Union.objects.filter(slug=slug).first()
        if union is None:
            known = ", ".join(Union.objects.values_list("slug", flat=True)) or "aucune"
            raise CommandError(
                f"Aucune union n’a l’identifiant «\u00a0{slug}\u00a0» "
                f"(unions connues\u00a0: {known})."
            )
        return union
    default = getattr(settings, "DEFAULT_UNION", "")
    if default and (union := Union.objects.filter(slug=default).first()):
        return union
    unions = list(Union.objects.all()[:2])
    if not unions:
        raise CommandError(
            "Aucune union n’existe encore\u00a0: créez-en une (back-office ou "
            "seed_demo) avant d’importer un congrès."
        )
    if len(unions) > 1:
        known = ", ".join(Union.objects.values_list("slug", flat=True))
        raise CommandError(
            f"Plusieurs unions existent\u00a0: précisez laquelle avec --union "
            f"(au choix\u00a0: {known})."
        )
    return unions[0]


class Command(BaseCommand):
    help = "Import a congress summary (plain text, UTF-8) into a union."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The congress text file.")
        parser.add_argument("--union", help="The union's identifier (slug).")
        parser.add_argument("--name", help="The congress name (default: from its date).")
        parser.add_argument("--date", type=_date, help="The congress date (YYYY-MM-DD).")
        parser.add_argument("--place", help="Where the congress took place.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"Fichier illisible «\u00a0{path}\u00a0»\u00a0: {exc.strerror}."
            ) from None
        union = choose_union(options["union"])
        try:
            report = import_congress(
                union,
                data,
                None,
                name=options["name"],
                date=options["date"],
                place=options["place"],
                dry_run=options["dry_run"],
            )
        except ParseError as exc:
            raise CommandError(f"{path}, {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(report.summary))
            return
        summary = report.summary
        self.stdout.write(
            f"{summary['themes']} thèmes, {summary['proposals']} propositions, "
            f"{summary['sub_items']} sous-éléments, {summary['national_suggestions']} "
            "suggérées au niveau national."
        )
        verb = "seraient créées" if options["dry_run"] else "créées"
        self.stdout.write(
            f"Propositions {verb}\u00a0: {report.created['proposals']}, "
            f"mises à jour\u00a0: {report.updated['proposals']}, "
            f"inchangées\u00a0: {report.unchanged['proposals']}, "
            f"absentes du texte\u00a0: {report.missing}."
        )
        if report.congress is not None:
            self.stdout.write(f"Congrès\u00a0: {report.congress.name} ({union}).")
