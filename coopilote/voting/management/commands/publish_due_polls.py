"""Cron: close and publish the polls whose deadline has passed."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from coopilote.voting.services import publish_due_polls


class Command(BaseCommand):
    help = "Close the polls whose closing date has passed and publish their results."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="", help="e.g. https://coopilote.example.org")

    def handle(self, *args: Any, **options: Any) -> None:
        count = publish_due_polls(base_url=options["base_url"])
        self.stdout.write(
            ngettext("%(count)s poll closed", "%(count)s polls closed", count) % {"count": count}
        )
