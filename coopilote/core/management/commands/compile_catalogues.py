"""Compile every app's French catalogue (.po → .mo) in Python, so no gettext install is needed."""

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    found: list[Path] = []
    for config in apps.get_app_configs():
        if config.name.startswith("coopilote."):
            found.extend(sorted(Path(config.path, "locale").glob("*/LC_MESSAGES/*.po")))
    return found


class Command(BaseCommand):
    help = "Compile the French catalogues of the Coopilote apps without gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            self.stdout.write(f"{po_path} → {mo_path.name}")
