"""Cron (daily): erase the identities of the volunteers of conventions closed six months ago."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from coopilote.governance.services.conventions.retention import purge


class Command(BaseCommand):
    help = (
        "Erase the names and e-mail addresses of the volunteers of citizen conventions closed "
        "more than six months ago (their numbered answers stay published for the audit)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = purge()
        total = sum(erased.values())
        self.stdout.write(
            ngettext(
                "%(count)s identity erased in %(conventions)s convention(s)",
                "%(count)s identities erased in %(conventions)s convention(s)",
                total,
            )
            % {"count": total, "conventions": len(erased)}
        )
