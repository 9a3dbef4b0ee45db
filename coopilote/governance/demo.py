"""Demo data of the governance tools, one loader per area."""

from __future__ import annotations

from typing import Any


def load(context: Any) -> None:
    from coopilote.governance import (
        demo_assemblies,
        demo_consent,
        demo_conventions,
        demo_elections,
        demo_mandates,
        demo_practices,
        demo_rules,
    )

    # Order matters: mandates first (the representative of the living), then the rules (consent
    # proposals link to the rule that allows them).
    for area in (
        demo_mandates,
        demo_rules,
        demo_consent,
        demo_elections,
        demo_practices,
        demo_assemblies,
        demo_conventions,
    ):
        area.load(context)
