"""Fail on any untranslated, fuzzy or typographically wrong French entry, and on a message two
apps translate differently.

French typography: a non-breaking space (U+00A0 or the narrow U+202F) before « : ; ! ? »
and inside guillemets; a plain space there is an error.

Django merges the apps' catalogues into one, the first app of ``INSTALLED_APPS`` winning: the
same msgid translated « fonction » in one app and « titre » in another shows « fonction »
everywhere. Such a pair needs a context (``pgettext``) or one translation.

A message the code uses but the catalogue lacks is shown in English and passes every check
above: each app's sources are extracted again (``makemessages``, in a copy of the app) and
every message found must be in its catalogue (``make messages`` puts them there).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopilote.core.management.commands.compile_catalogues import catalogues

_BAD_SPACE = re.compile(r"(?: [:;!?»])|(?:« )")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")


def conflicts(paths: list[Any]) -> list[str]:
    """Messages (context and msgid) translated differently by two catalogues."""
    seen: dict[tuple[str | None, str], dict[Any, Any]] = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            plural = tuple(text for _, text in sorted(entry.msgstr_plural.items()))
            translated = entry.msgstr or plural
            if entry.obsolete or (not any(plural) and not entry.msgstr):
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[translated] = path
    return [
        f"{msgid[:70]!r}{f' (context {context!r})' if context else ''} is translated "
        + " and ".join(f"{text!r} in {path}" for text, path in translations.items())
        for (context, msgid), translations in seen.items()
        if len(translations) > 1
    ]


def problems_in(entry: polib.POEntry) -> list[str]:
    found: list[str] = []
    if entry.obsolete:
        return found
    if "fuzzy" in entry.flags:
        found.append("fuzzy")
    translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
    if not all(text.strip() for text in translations):
        found.append("untranslated")
    for text in translations:
        # URLs and times ("https://", "10:30") are not punctuation to space.
        cleaned = re.sub(r"https?://\S+|\d:\d", "", text)
        if _BAD_SPACE.search(cleaned):
            found.append("plain space before « : ; ! ? » or inside guillemets")
        # A French singular may drop the count ("un membre"), so plural forms are exempt.
        placeholders_differ = sorted(_PLACEHOLDER.findall(text)) != sorted(
            _PLACEHOLDER.findall(entry.msgid)
        )
        if placeholders_differ and not entry.msgid_plural:
            found.append("placeholders differ from the msgid")
    return found


def not_extracted(app_path: Path) -> list[str]:
    """Messages of the app's sources missing from its French catalogue."""
    catalogue = app_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    known = (
        {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(catalogue))}
        if catalogue.exists()
        else set()
    )
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / app_path.name
        shutil.copytree(app_path, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
        (copy / "locale").mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coopilote.settings",
            "PYTHONPATH": str(settings.BASE_DIR),
            "DEBUG": "true",
        }
        extract = ["makemessages", "-l", "fr", "--no-location", "-v", "0"]
        subprocess.run(  # noqa: S603 -- this interpreter, fixed arguments
            [sys.executable, "-m", "django", *extract],
            cwd=copy,
            env=env,
            check=True,
        )
        fresh = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        found = polib.pofile(str(fresh)) if fresh.exists() else []
        return [
            f"{catalogue}: not in the catalogue (make messages): {entry.msgid[:70]!r}"
            for entry in found
            if (entry.msgctxt, entry.msgid) not in known
        ]


class Command(BaseCommand):
    help = "Check that the French catalogues are complete and typographically correct."

    def handle(self, *args: Any, **options: Any) -> None:
        errors = []
        paths = catalogues()
        if not paths:
            raise CommandError("No catalogue found.")
        total = 0
        for path in paths:
            for entry in polib.pofile(str(path)):
                total += 1
                for problem in problems_in(entry):
                    errors.append(f"{path}: {problem}: {entry.msgid[:70]!r}")
        errors.extend(conflicts(paths))
        if shutil.which("xgettext") is None:
            raise CommandError("Checking the catalogues against the code needs gettext (xgettext).")
        for config in apps.get_app_configs():
            if config.name.startswith("coopilote."):
                errors.extend(not_extracted(Path(config.path)))
        for error in errors:
            self.stderr.write(error)
        if errors:
            raise CommandError(f"{len(errors)} catalogue problem(s) in {total} entries.")
        self.stdout.write(f"{total} entries in {len(paths)} catalogues: complete.")
