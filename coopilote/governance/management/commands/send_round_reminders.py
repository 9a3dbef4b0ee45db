"""Cron: remind the members who have not answered a round held at a distance, or not nominated
anyone in an election's nomination round, 24 hours before its deadline (once)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.governance import notifications


class Command(BaseCommand):
    help = (
        "E-mail a reminder to the members who have not answered a round (or not nominated) "
        "whose deadline falls within 24 hours (once per deadline)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = {
            **notifications.remind_rounds(options["hours"]),
            **notifications.remind_nominations(options["hours"]),
        }
        # Counts only: who was reminded (hence who has not answered) stays in the e-mails.
        for name, count in sent.items():
            self.stdout.write(
                ngettext(
                    "%(round)s: %(count)s reminder sent",
                    "%(round)s: %(count)s reminders sent",
                    count,
                )
                % {"round": name, "count": count}
            )
        if not sent:
            self.stdout.write(_("No round needs a reminder."))
