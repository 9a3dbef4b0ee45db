"""Demo data of the governance tools; each area adds its loader to ``LOADERS``."""

from __future__ import annotations

from typing import Any

# Order matters: mandates first (the representative of the living), then the rules (consent
# proposals link to the rule that allows them).
LOADERS: list[str] = [
    "coopilote.governance.demo_mandates.load",
    "coopilote.governance.demo_rules.load",
    "coopilote.governance.demo_consent.load",
    "coopilote.governance.demo_elections.load",
    "coopilote.governance.demo_practices.load",
    "coopilote.governance.demo_assemblies.load",
    "coopilote.governance.demo_conventions.load",
]


def load(context: Any) -> None:
    from django.utils.module_loading import import_string

    for path in LOADERS:
        import_string(path)(context)
