"""Counting: merit profiles from the ballots, the snapshot published at closing, the recount,
receipts and the exports. Reads only; ``services`` re-exports what other apps call.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.algorithms.majority_judgment import (
    MeritProfile,
    fill_static_default,
    majority_grade,
    merit_profile,
    rank,
)
from coopilote.voting.models import Ballot, BallotGrade, Poll, PollOption
from coopilote.voting.secrecy import normalize_receipt, receipt_hash

__all__ = [
    "OptionResult",
    "Recount",
    "ResultsHidden",
    "ballots_for_export",
    "check_receipt",
    "normalize_receipt",
    "receipt_hash",
    "receipt_hashes",
    "recount",
    "results",
    "snapshot",
]


class ResultsHidden(Exception):
    """Results, receipts and ballots stay unseen until the poll is closed and published."""


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    rank: int
    majority_grade: int | None
    grade_label: str
    counts: tuple[int, ...]
    profile: MeritProfile | None


@dataclass
class Recount:
    results: list[OptionResult]
    ballots: int
    participations: int
    agrees: bool
    problems: list[str] = field(default_factory=list)


def _count_ballots(number: int) -> str:
    """A count of ballots ("1 ballot", "12 ballots") to place in a sentence."""
    return ngettext("%(count)s ballot", "%(count)s ballots", number) % {"count": number}


def snapshot(poll: Poll) -> dict[str, Any]:
    """Count the ballots now: what closing publishes and what a recount recomputes."""
    size = len(poll.grades)
    options = list(poll.options.all())
    counts = {str(option.pk): [0] * size for option in options}
    anomalies = 0
    rows = (
        BallotGrade.objects.filter(ballot__poll=poll)
        .values_list("option_id", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for option_id, grade, number in rows:
        profile = counts.get(str(option_id))
        if profile is None or not 0 <= grade < size:
            anomalies += number
            continue
        profile[grade] += number
    ballots = Ballot.objects.filter(poll=poll).count()
    for key, profile in counts.items():
        if sum(profile) <= ballots:
            # Defensive: every ballot stores every option, so nothing is missing normally.
            counts[key] = fill_static_default(profile, ballots, 0)
        else:
            anomalies += sum(profile) - ballots
    ranking = dict(rank(counts)) if counts and anomalies == 0 else {}
    return {
        "method": poll.method,
        "grades": list(poll.grades),
        "ballots": ballots,
        "participations": poll.participations.count(),
        "anomalies": anomalies,
        "options": [
            {
                "id": key,
                "label": option.label,
                "rank": ranking.get(key, 0),
                "majority_grade": majority_grade(counts[key]) if sum(counts[key]) else None,
                "counts": counts[key],
            }
            for key, option in ((str(option.pk), option) for option in options)
        ],
    }


def _results_from(poll: Poll, tally: dict[str, Any]) -> list[OptionResult]:
    options = {str(option.pk): option for option in poll.options.all()}
    out = []
    for entry in tally["options"]:
        option = options.get(entry["id"])
        if option is None:
            continue
        counts = tuple(entry["counts"])
        grade = entry["majority_grade"]
        out.append(
            OptionResult(
                option=option,
                rank=entry["rank"],
                majority_grade=grade,
                grade_label=poll.grade_label(grade),
                counts=counts,
                profile=merit_profile(counts) if sum(counts) else None,
            )
        )
    out.sort(key=lambda result: (result.rank, result.option.order, result.option.label))
    return out


def published_snapshot(poll: Poll) -> dict[str, Any]:
    """The stored snapshot, read afresh from the database; ResultsHidden before closing."""
    stored = (
        Poll.objects.filter(pk=poll.pk, results_published_at__isnull=False)
        .values_list("results_snapshot", flat=True)
        .first()
    )
    if stored is None:
        raise ResultsHidden(poll.pk)
    return dict(stored)


def results(poll: Poll) -> list[OptionResult]:
    """The published ranking, best first: (option, rank, majority grade, merit profile)."""
    return _results_from(poll, published_snapshot(poll))


def recount(poll: Poll) -> Recount:
    """Count the ballots again and compare with what was published at closing."""
    stored = published_snapshot(poll)
    fresh = snapshot(poll)
    problems = []
    if fresh["ballots"] != stored["ballots"]:
        problems.append(
            # Translators: "13 ballots now, 12 ballots at closing."
            _("%(now)s now, %(then)s at closing.")
            % {"now": _count_ballots(fresh["ballots"]), "then": _count_ballots(stored["ballots"])}
        )
    if fresh["participations"] != fresh["ballots"]:
        voters = ngettext(
            "%(count)s person signed the émargement",
            "%(count)s people signed the émargement",
            fresh["participations"],
        ) % {"count": fresh["participations"]}
        problems.append(
            # Translators: "12 people signed the émargement, but the ballot box holds 13 ballots."
            _("%(voters)s, but the ballot box holds %(ballots)s.")
            % {"voters": voters, "ballots": _count_ballots(fresh["ballots"])}
        )
    if fresh["anomalies"]:
        problems.append(
            ngettext(
                "%(count)s grade is outside the poll's scale or options.",
                "%(count)s grades are outside the poll's scale or options.",
                fresh["anomalies"],
            )
            % {"count": fresh["anomalies"]}
        )
    published = {entry["id"]: entry for entry in stored["options"]}
    for entry in fresh["options"]:
        before = published.get(entry["id"], {})
        if any(before.get(key) != entry[key] for key in ("rank", "majority_grade", "counts")):
            problems.append(
                _("“%(option)s” differs from the published result.") % {"option": entry["label"]}
            )
    return Recount(
        results=_results_from(poll, fresh),
        ballots=fresh["ballots"],
        participations=fresh["participations"],
        agrees=not problems,
        problems=problems,
    )


def receipt_hashes(poll: Poll) -> list[str]:
    """Sorted, so the list's order says nothing about the order of the votes."""
    published_snapshot(poll)
    return sorted(Ballot.objects.filter(poll=poll).values_list("receipt_hash", flat=True))


def check_receipt(poll: Poll, receipt: str) -> bool:
    published_snapshot(poll)
    return Ballot.objects.filter(poll=poll, receipt_hash=receipt_hash(receipt)).exists()


def ballots_for_export(
    poll: Poll, rng: random.Random | None = None
) -> tuple[list[PollOption], list[tuple[str, list[int]]]]:
    """Every ballot (its random key and one grade per option) in a random order.

    No receipt hash: a voter holding their receipt could otherwise prove how they voted.
    """
    published_snapshot(poll)
    options = list(poll.options.all())
    index = {option.pk: position for position, option in enumerate(options)}
    grades: dict[Any, list[int]] = {
        pk: [0] * len(options)
        for pk in Ballot.objects.filter(poll=poll).values_list("pk", flat=True)
    }
    for ballot_id, option_id, grade in (
        BallotGrade.objects.filter(ballot__poll=poll)
        .values_list("ballot_id", "option_id", "grade")
        .order_by()
    ):
        if option_id in index:
            grades[ballot_id][index[option_id]] = grade
    rows = [(str(pk), row) for pk, row in grades.items()]
    (rng or secrets.SystemRandom()).shuffle(rows)
    return options, rows
