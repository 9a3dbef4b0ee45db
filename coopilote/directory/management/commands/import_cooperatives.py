"""``manage.py import_cooperatives FILE --union SLUG [--dry-run]``: the web page's importer.

Prints the French report; exits 1 when any line is rejected (then nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coopilote.directory.importing import apply, text
from coopilote.members.models import Union


class Command(BaseCommand):
    help = "Import a union's cooperatives from a CSV or XLSX file (all lines or none)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--union", help="the union's slug (may be left out if there is one)")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        union = self._union(options["union"])
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Fichier illisible\u00a0: {exc}") from None
        if options["dry_run"]:
            report = apply.dry_run(data, union)
        else:
            report = apply.apply(data, union, None, filename=path.name)
        result = report.as_dict()
        for warning in result["warnings"]:
            self.stdout.write(f"Attention\u00a0: {warning}")
        lines = text.error_lines(result)
        for line in lines:
            self.stdout.write(line)
        if lines:
            raise CommandError(
                f"{text.count(len(lines), 'erreur', 'erreurs')}\u00a0: rien n’a été importé. "
                "Corrigez le fichier puis "
                "relancez."
            )
        self.stdout.write(text.summary(result, applied=not options["dry_run"]))

    def _union(self, slug: str | None) -> Union:
        if slug:
            union = Union.objects.filter(slug=slug).first()
            if union is None:
                raise CommandError(f"Aucune union «\u00a0{slug}\u00a0».")
            return union
        unions = list(Union.objects.all()[:2])
        if len(unions) != 1:
            raise CommandError("Précisez l’union avec --union SLUG.")
        return unions[0]
