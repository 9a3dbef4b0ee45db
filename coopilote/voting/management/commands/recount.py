"""Recount a closed poll from its ballots and compare with the published results."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.voting.models import Poll
from coopilote.voting.services import ResultsHidden, recount


class Command(BaseCommand):
    help = "Recount a closed poll's ballots; exit non-zero when they disagree with the results."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("poll_id", help="the poll's key (UUID)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            poll = Poll.objects.get(pk=options["poll_id"])
        except (Poll.DoesNotExist, ValueError, ValidationError) as exc:
            raise CommandError(_("No poll with this key.")) from exc
        try:
            report = recount(poll)
        except ResultsHidden as exc:
            raise CommandError(_("The poll's results are not published yet.")) from exc
        self.stdout.write(poll.title)
        ballots = ngettext("%(count)s ballot", "%(count)s ballots", report.ballots) % {
            "count": report.ballots
        }
        voters = ngettext("%(count)s person", "%(count)s people", report.participations) % {
            "count": report.participations
        }
        self.stdout.write(
            # Translators: "12 ballots, 12 people on the émargement" (counts translated above).
            _("%(ballots)s, %(voters)s on the émargement") % {"ballots": ballots, "voters": voters}
        )
        for row in report.results:
            self.stdout.write(
                f"{row.rank:>3}. {row.option.label} — {row.grade_label or '—'} {list(row.counts)}"
            )
        for problem in report.problems:
            self.stderr.write(problem)
        answer = _("yes") if report.agrees else _("no")
        self.stdout.write(_("agreement: %(answer)s") % {"answer": answer})
        if not report.agrees:
            raise CommandError(_("The recount disagrees with the published results."))
