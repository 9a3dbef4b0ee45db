"""The demo congress: the reference congress text, imported into the demo's regional union."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SEED = Path(__file__).resolve().parents[1] / "data" / "congres-2025.txt"
DEMO_COMMENTS = (
    "Nous l’avons testé dans notre Scop\u00a0: c’est une vraie priorité.",
    "À croiser avec les travaux de la fédération.",
    "Qui pourrait piloter cette action au CA\u00a0?",
)


def load_congress(context: Any) -> tuple[Any, bool]:
    """The imported congress (None without a union) and whether this run created it."""
    from coopilote.members.models import Person, Union
    from coopilote.roadmap.services import add_comment, import_congress

    union = getattr(context, "union", None) or Union.objects.regional().first()
    stdout = getattr(context, "stdout", None)
    if union is None:
        if stdout is not None:
            stdout.write("roadmap: no regional union, congress skipped.")
        return None, False
    report = import_congress(union, SEED.read_bytes(), None, place="Lyon")
    congress = report.congress
    rng = getattr(context, "rng", None)
    people = list(
        Person.objects.active().in_union(union.pk).exclude(user=None).select_related("user")[:20]
    )
    if congress is not None and rng is not None and people and report.congress_created:
        proposals = list(congress.proposals.all())
        for text in DEMO_COMMENTS:
            add_comment(rng.choice(people).user, rng.choice(proposals), text)
    if stdout is not None:
        summary = report.summary
        stdout.write(
            f"roadmap: congress «\u00a0{congress}\u00a0», {summary['themes']} themes, "
            f"{summary['proposals']} proposals."
        )
    return congress, report.congress_created


# At national scale, two more regions import the same orientation text's congress, so the
# national view shows what regions ask in common; one of them keeps a proposal regional.
OTHER_REGIONS = 2


def load_other_regions(context: Any, main: Any) -> int:
    from coopilote.members.models import Union
    from coopilote.roadmap.models import Proposal
    from coopilote.roadmap.services import confirm_scope, import_congress

    unions = list(Union.objects.regional().exclude(pk=main.pk).order_by("name")[:OTHER_REGIONS])
    for index, union in enumerate(unions):
        report = import_congress(union, SEED.read_bytes(), None)
        if index == 0 and report.congress is not None:
            kept = Proposal.objects.in_congress(report.congress).filter(scope="national").first()
            if kept is not None:
                confirm_scope(None, kept, "regional")
    return len(unions)
