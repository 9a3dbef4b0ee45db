from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coopilote.directory.services import refresh_entries


class Command(BaseCommand):
    help = "Rebuild the public directory's search entries from the cooperatives."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_entries()
        self.stdout.write(f"{count} cooperatives indexed.")
