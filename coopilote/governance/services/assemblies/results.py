"""The quorum, each resolution's count per college then weighted, closing the vote."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from coopilote.algorithms.majority_judgment import majority_grade, rank
from coopilote.core.audit import record
from coopilote.governance.models import (
    Assembly,
    College,
    Proxy,
    Resolution,
    Voter,
)
from coopilote.governance.models.assemblies import (
    ResolutionMark,
    ResolutionParticipation,
)
from coopilote.governance.services.assemblies.common import HUNDRED, AssemblyError, _percent

# --- quorum and results -----------------------------------------------------------------------


def quorum(assembly: Assembly) -> dict[str, Any]:
    """The roll, who is present or represented, and whether the quorum is reached."""
    voters = dict(assembly.voters.values_list("pk", "present"))
    # Who voted in person, and the holders who cast the proxies' votes; a giver is represented.
    voted = set()
    for voter_id, cast_by in ResolutionParticipation.objects.filter(
        resolution__assembly=assembly
    ).values_list("voter_id", "cast_by_id"):
        voted.add(cast_by or voter_id)
    present = {pk for pk, here in voters.items() if here} | voted
    represented = {
        giver
        for giver, holder in Proxy.objects.filter(assembly=assembly).values_list(
            "giver_id", "holder_id"
        )
        if holder in present
    } - present
    roll = len(voters)
    counted = len(present) + len(represented)
    reached = roll > 0 and Decimal(counted) * HUNDRED >= assembly.quorum * roll
    return {
        "roll": roll,
        "present": len(present),
        "represented": len(represented),
        "counted": counted,
        "share": _percent(Decimal(counted) * HUNDRED / roll) if roll else "0.00",
        "required": _percent(assembly.quorum),
        "reached": reached,
        # Voting counts as being present: the roll shows it (marked present or not).
        "voted": voted,
    }


def lines_voted(assembly: Assembly) -> int:
    """How many lines of the roll have voted (on any resolution), themselves or through the
    holder of their proxy."""
    return (
        ResolutionParticipation.objects.filter(resolution__assembly=assembly)
        .values("voter_id")
        .distinct()
        .count()
    )


def weighted_share(rows: Sequence[Mapping[str, Any]]) -> Fraction | None:
    """Weighted share of « pour » among votes cast (None when nobody voted for or against).

    ``rows``: one per college, with ``weight`` (None when the body has no colleges), ``for`` and
    ``against``. Colleges without votes cast drop out; the others' weights are renormalised.
    """
    cast = [row for row in rows if row["for"] + row["against"] > 0]
    if not cast:
        return None
    if any(row["weight"] is None for row in cast):
        total_for = sum(row["for"] for row in cast)
        return Fraction(total_for, total_for + sum(row["against"] for row in cast))
    weights = {id(row): Fraction(Decimal(row["weight"])) for row in cast}
    total = sum(weights.values(), Fraction(0))
    return (
        sum(
            (weights[id(row)] * Fraction(row["for"], row["for"] + row["against"]) for row in cast),
            Fraction(0),
        )
        / total
    )


def required_share(threshold: Decimal) -> Fraction:
    """The exact share a threshold in percent stands for.

    Statutes say « two thirds », « three quarters »; a percentage with two decimals can only
    round them (66.67). A threshold that is the rounding of a simple fraction (denominator up
    to 12) stands for that fraction exactly, so that exactly two thirds reaches 66.67 % but
    66.665 % does not; any other threshold is taken as written. Comparing the rounded share
    instead would let 74.996 % pass a 75 % majority.
    """
    exact = Fraction(threshold) / 100
    simple = exact.limit_denominator(12)
    if _percent(simple * 100) == _percent(threshold):
        return simple
    return exact


def adopted(method: str, share: Fraction | None, threshold: Decimal) -> bool:
    if share is None:
        return False
    if method == Resolution.Method.QUALIFIED:
        return share >= required_share(threshold)
    return share > Fraction(1, 2)


def weighted_profiles(
    profiles: Mapping[Any, Mapping[Any, Sequence[int]]], weights: Mapping[Any, Decimal | None]
) -> dict[Any, list[int]]:
    """Merit profiles weighted by college: {option: {college: counts}} → {option: counts}.

    Each college's counts become shares of its voters times its weight, scaled to integers with
    one common factor (ranking is unchanged by scaling). Without colleges, counts are summed.
    Colleges without ballots drop out.
    """
    options = list(profiles)
    if not options:
        return {}
    colleges = {college for option in options for college in profiles[option]}
    sizes = {
        college: max(sum(profiles[option].get(college, ())) for option in options)
        for college in colleges
    }
    voted = [college for college in colleges if sizes[college] > 0]
    grades = max(len(counts) for option in options for counts in profiles[option].values())
    if not voted or any(weights.get(college) is None for college in voted):
        return {
            option: [
                sum(profiles[option].get(college, [0] * grades)[g] for college in voted)
                for g in range(grades)
            ]
            for option in options
        }
    common = math.lcm(*(sizes[college] for college in voted))
    factor = {
        college: int(Decimal(weights[college] or 0) * 100) * (common // sizes[college])
        for college in voted
    }
    out = {
        option: [
            sum(
                factor[college] * profiles[option].get(college, [0] * grades)[g]
                for college in voted
            )
            for g in range(grades)
        ]
        for option in options
    }
    divisor = math.gcd(*(count for counts in out.values() for count in counts))
    return {option: [count // divisor for count in counts] for option, counts in out.items()}


def tally(resolution: Resolution, quorum_reached: bool, colleges: list[College]) -> dict[str, Any]:
    """Count one resolution's ballots, per college then weighted: what closing stores."""
    by_college: dict[Any, College | None] = {college.pk: college for college in colleges}
    if not by_college:
        by_college = {None: None}
    weighted = bool(colleges)
    result: dict[str, Any] = {
        "method": resolution.method,
        "quorum_reached": quorum_reached,
        "weighted": weighted,
        "ballots": resolution.ballots.count(),
        "threshold": _percent(resolution.threshold),
    }
    if resolution.method == Resolution.Method.MAJORITY_JUDGMENT:
        result.update(_tally_judgment(resolution, by_college))
    else:
        result.update(_tally_majority(resolution, by_college))
    result["adopted"] = bool(quorum_reached and result.pop("passes"))
    if not resolution.assembly.secret:
        result["roll_call"] = _roll_call(resolution)
    return result


def _tally_majority(resolution: Resolution, colleges: dict[Any, College | None]) -> dict[str, Any]:
    counts = {
        (college_id, choice): number
        for college_id, choice, number in resolution.ballots.values_list("college_id", "choice")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for pk, college in colleges.items():
        row: dict[str, Any] = {
            "college": college.name if college else "",
            "weight": str(college.weight) if college else None,
            "for": counts.get((pk, "for"), 0),
            "against": counts.get((pk, "against"), 0),
            "abstain": counts.get((pk, "abstain"), 0),
        }
        cast = row["for"] + row["against"]
        row["cast"] = cast
        row["share"] = _percent(Fraction(row["for"] * 100, cast)) if cast else None
        rows.append(row)
    share = weighted_share(rows)
    plain = weighted_share([{**row, "weight": None} for row in rows])
    totals = {key: sum(row[key] for row in rows) for key in ("for", "against", "abstain")}
    counted = [row for row in rows if row["cast"]]
    weight_cast = sum((Decimal(row["weight"]) for row in counted if row["weight"]), Decimal(0))
    for row in rows:
        row["counted"] = bool(row["cast"])
        row["effective_weight"] = (
            _percent(Decimal(row["weight"]) * HUNDRED / weight_cast)
            if row["weight"] and row["cast"] and weight_cast
            else None
        )
    return {
        "colleges": rows,
        **totals,
        "share": _percent(share * 100) if share is not None else None,
        "unweighted_share": _percent(plain * 100) if plain is not None else None,
        "passes": adopted(resolution.method, share, resolution.threshold),
        "unweighted_passes": adopted(resolution.method, plain, resolution.threshold),
    }


def _grade_label(resolution: Resolution, grade: int | None) -> str:
    if grade is None or not 0 <= grade < len(resolution.grades):
        return ""
    return str(resolution.grades[grade])


def _tally_judgment(resolution: Resolution, colleges: dict[Any, College | None]) -> dict[str, Any]:
    size = len(resolution.grades)
    options = list(resolution.options.all())
    ballots = dict(resolution.ballots.values_list("college_id").annotate(n=Count("pk")).order_by())
    profiles: dict[Any, dict[Any, list[int]]] = {
        option.pk: {pk: [0] * size for pk in colleges} for option in options
    }
    for option_id, college_id, grade, number in (
        ResolutionMark.objects.filter(ballot__resolution=resolution)
        .values_list("option_id", "ballot__college_id", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if college_id in colleges and 0 <= grade < size:
            profiles[option_id][college_id][grade] += number
    for per_college in profiles.values():
        for pk, counts in per_college.items():
            counts[0] += max(0, ballots.get(pk, 0) - sum(counts))  # ungraded = lowest grade
    weights = {pk: college.weight if college else None for pk, college in colleges.items()}
    weighted = weighted_profiles(profiles, weights)
    ranking = dict(rank(weighted)) if weighted and any(map(sum, weighted.values())) else {}
    rows = []
    for option in options:
        counts = weighted[option.pk]
        total = sum(counts)
        grade = majority_grade(counts) if total else None
        rows.append(
            {
                "label": option.label,
                "rank": ranking.get(option.pk, 0),
                "grade": grade,
                "grade_label": _grade_label(resolution, grade),
                "profile": [_percent(Fraction(count * 100, total)) for count in counts]
                if total
                else [],
                "colleges": [
                    {
                        "college": college.name if college else "",
                        "weight": str(college.weight) if college else None,
                        "counts": profiles[option.pk][pk],
                        "grade_label": _grade_label(
                            resolution,
                            majority_grade(profiles[option.pk][pk])
                            if sum(profiles[option.pk][pk])
                            else None,
                        ),
                    }
                    for pk, college in colleges.items()
                ],
            }
        )
    rows.sort(key=lambda row: (row["rank"] or len(rows) + 1, row["label"]))
    winners = [row["label"] for row in rows if row["rank"] == 1]
    return {
        "grades": list(resolution.grades),
        "options": rows,
        "winner": winners[0] if len(winners) == 1 else None,
        "passes": len(winners) == 1,
    }


def _roll_call(resolution: Resolution) -> list[dict[str, str]]:
    """Who voted what, for an open ballot only: ``choice`` (for, against, abstain) for a
    majority, ``vote`` (the grades given) for a majority judgment."""
    proxies = {
        participation.voter_id: str(participation.cast_by.person)
        for participation in ResolutionParticipation.objects.filter(
            resolution=resolution, cast_by__isnull=False
        ).select_related("cast_by__person")
        if participation.cast_by is not None
    }
    rows = []
    ballots = (
        resolution.ballots.filter(voter__isnull=False)
        .select_related("voter__person")
        .prefetch_related("marks__option")
        .order_by("voter__person__last_name", "voter__person__first_name")
    )
    for ballot in ballots:
        assert ballot.voter is not None
        # Grades are the resolution's words (data); a choice is stored as its key and
        # translated when shown, so the minutes read in the reader's language.
        vote = "; ".join(
            f"{mark.option.label} : {_grade_label(resolution, mark.grade)}"
            for mark in sorted(ballot.marks.all(), key=lambda mark: mark.option.label)
        )
        rows.append(
            {
                "voter": str(ballot.voter.person),
                "choice": ballot.choice,
                "vote": vote,
                "proxy_holder": proxies.get(ballot.voter.pk, ""),
            }
        )
    return rows


def close_assembly(actor: Any, assembly: Assembly) -> Assembly:
    """End the vote (now, or confirm its end), check the quorum and store every result."""
    with transaction.atomic():
        # Roll lines first: waits for the votes in flight and holds back the later ones.
        list(Voter.objects.select_for_update().filter(assembly_id=assembly.pk).order_by("pk"))
        locked = Assembly.objects.select_for_update(no_key=True).get(pk=assembly.pk)
        if locked.status != Assembly.Status.OPEN:
            raise AssemblyError(_("Only an assembly whose vote is open can be closed."))
        early = Assembly.objects.filter(pk=locked.pk, closes_at__gt=Now()).update(closes_at=Now())
        counted = quorum(locked)
        colleges = list(College.objects.filter(body_id=locked.body_id).order_by("-weight", "name"))
        digests = {}
        for resolution in locked.resolutions.all():
            resolution.assembly = locked
            resolution.result = tally(resolution, counted["reached"], colleges)
            resolution.save(update_fields=["result", "updated_at"])
            digests[str(resolution.number)] = hashlib.sha256(
                json.dumps(resolution.result, sort_keys=True).encode()
            ).hexdigest()
        Assembly.objects.filter(pk=locked.pk).update(
            status=Assembly.Status.CLOSED, updated_at=Now()
        )
        record(
            actor,
            "governance.assembly_close",
            locked,
            fields=["status", "closes_at"] if early else ["status"],
            quorum_reached=counted["reached"],
            results_sha256=digests,
        )
    assembly.refresh_from_db()
    return assembly
