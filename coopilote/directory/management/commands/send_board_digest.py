from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from coopilote.directory.board_digest import DAYS, send_digests


class Command(BaseCommand):
    help = (
        "E-mail each cooperative the new offers and needs that concern it (run daily or "
        "weekly; a post is never sent twice to the same cooperative)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", "") or "http://localhost:8000",
            help="The site's address, for the links in the e-mails.",
        )
        parser.add_argument(
            "--days", type=int, default=DAYS, help="Only posts published in the last N days."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_digests(base_url=options["base_url"], days=options["days"])
        self.stdout.write(f"{report.messages} digests sent, {report.posts} posts in all.")
