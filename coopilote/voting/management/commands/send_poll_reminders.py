"""Cron: remind the electors who have not voted, 24 hours before a poll closes."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.voting.services import send_reminders


class Command(BaseCommand):
    help = "E-mail a reminder to the non-voters of every poll closing within 24 hours (once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument("--base-url", default="", help="e.g. https://coopilote.example.org")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(options["hours"], base_url=options["base_url"])
        # Counts only: who was reminded (hence who has voted) stays in the e-mails.
        for title, count in sent.items():
            self.stdout.write(
                ngettext(
                    "%(title)s: %(count)s reminder sent",
                    "%(title)s: %(count)s reminders sent",
                    count,
                )
                % {"title": title, "count": count}
            )
        if not sent:
            self.stdout.write(_("No poll needs a reminder."))
