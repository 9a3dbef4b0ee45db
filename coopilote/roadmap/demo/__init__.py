"""Demo data: the reference congress, its prioritisation votes, the roadmap and the letter.

``load`` is the manifest's hook: ``congress`` imports ``data/congres-2025.txt`` into the demo's
regional union (with a few comments), then ``plan`` adds a closed prioritisation vote (240
synthetic ballots), an open one for the demo logins, a published roadmap built from the best
ranked proposals, and the letter to the national direction.
"""

from __future__ import annotations

from typing import Any

from coopilote.roadmap.demo.congress import SEED, load_congress, load_other_regions
from coopilote.roadmap.demo.plan import load_plan

__all__ = ["SEED", "load"]


def load(context: Any) -> None:
    congress, created = load_congress(context)
    if congress is not None and created and getattr(context, "rng", None) is not None:
        load_plan(context, congress)
        if getattr(context, "scale", "") == "national":
            load_other_regions(context, congress.union)
