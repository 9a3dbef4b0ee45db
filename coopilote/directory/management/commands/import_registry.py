"""Create or refresh a union's cooperatives from the public company register.

manage.py import_registry --union urscop-aura --siren 412345670 [--dry-run]
manage.py import_registry --union urscop-aura --categorie 5458 --departement 69 [--dry-run]
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from coopilote.directory.registry import client
from coopilote.directory.registry.forms import RegistrySearchForm
from coopilote.directory.registry.mapping import MappingError, to_record
from coopilote.directory.registry.services import Action, apply, plan
from coopilote.members.models import Union


class Command(BaseCommand):
    help = (
        "Create or refresh cooperatives from the public company register (recherche-entreprises)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--union", required=True, help="slug of the union")
        parser.add_argument("--siren")
        parser.add_argument("--categorie", help="INSEE legal category, e.g. 5458")
        parser.add_argument("--departement", help="e.g. 69")
        parser.add_argument("--max-pages", type=int, default=client.MAX_PAGES)
        parser.add_argument("--dry-run", action="store_true", help="show, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("fr"):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        union = Union.objects.filter(slug=options["union"]).first()
        if union is None or union.kind != Union.Kind.REGIONAL:
            raise CommandError(_("No regional union “%(slug)s”.") % {"slug": options["union"]})
        form = RegistrySearchForm(
            {
                "siren": options["siren"] or "",
                "categorie": options["categorie"] or "",
                "departement": options["departement"] or "",
            }
        )
        if not form.is_valid():
            raise CommandError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        registry = client.make_client()
        try:
            if data["siren"]:
                found = registry.by_siren(data["siren"])
                results = [found] if found else []
                truncated = False
            else:
                listing = registry.all_by_category(
                    data["categorie"], data["departement"], max_pages=options["max_pages"]
                )
                results, truncated = listing.results, listing.truncated
        except client.RegistryError as error:
            raise CommandError(str(error)) from error
        if not results:
            raise CommandError(_("No company found in the register."))
        counts = dict.fromkeys(Action, 0)
        problems = 0
        for result in results:
            try:
                record = to_record(result)
            except (MappingError, ValidationError) as error:
                problems += 1
                self.stderr.write(f"{result.get('siren', '?')}\u00a0: {error}")
                continue
            outcome = plan(union, record) if options["dry_run"] else apply(None, union, record)
            counts[outcome.action] += 1
            self.stdout.write(self._line(outcome))
        template = (
            _(
                "Dry run: %(create)d to create, %(refresh)d to refresh, %(unchanged)d unchanged, "
                "%(conflict)d left aside."
            )
            if options["dry_run"]
            else _(
                "Done: %(create)d created, %(refresh)d refreshed, %(unchanged)d unchanged, "
                "%(conflict)d left aside."
            )
        )
        self.stdout.write(
            template
            % {
                "create": counts[Action.CREATE],
                "refresh": counts[Action.REFRESH],
                "unchanged": counts[Action.UNCHANGED],
                "conflict": counts[Action.CONFLICT],
            }
        )
        if problems:
            raise CommandError(_("Some companies could not be read from the register."))
        if truncated:
            raise CommandError(
                _("Stopped after %(pages)d pages: narrow the search to see the rest.")
                % {"pages": options["max_pages"]}
            )

    def _line(self, outcome: Any) -> str:
        head = f"{outcome.record.siren} {outcome.record.name}"
        if outcome.action == Action.CREATE:
            text = _("creation")
        elif outcome.action == Action.REFRESH:
            text = _("update: %(fields)s") % {"fields": ", ".join(outcome.fields)}
        elif outcome.action == Action.UNCHANGED:
            text = _("already up to date")
        else:
            text = outcome.message
        warnings = "".join(f"\n    {warning}" for warning in outcome.warnings)
        return f"{head} — {text}{warnings}"
