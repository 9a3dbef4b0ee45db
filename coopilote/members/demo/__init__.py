"""Demo data: unions, cooperatives and people at region or national scale, deterministic.

National proportions (CG Scop, end of 2024): 2,723 Scop, 1,417 Scic, 418 subsidiaries and
163 CAE with ~12,000 entrepreneur-employees; ~87,700 jobs; median size 5 employees; ~68 % of
Scop staff are associates. The region scale keeps the same proportions for ~350 cooperatives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopilote.members.demo.accounts import create_demo_accounts
from coopilote.members.demo.cooperatives import Plan, create_cooperatives
from coopilote.members.demo.unions import DEMO_REGION, create_unions
from coopilote.members.models import Union

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

NATIONAL = Plan(scop=2723, scic=1417, subsidiaries=418, cae=163, entrepreneurs=12000, jobs=87700)
REGION_TOTAL = 350


def plan_for(scale: str) -> Plan:
    if scale == "national":
        return NATIONAL
    return NATIONAL.scaled(REGION_TOTAL / NATIONAL.total)


def load(context: DemoContext) -> None:
    existing = Union.objects.filter(slug=f"ur-{DEMO_REGION}").first()
    if existing is not None:
        context.say("Données de démonstration déjà présentes : rien n’est recréé.")
        context.union = existing
        context.logins.extend(create_demo_accounts(context, existing, reuse=True))
        return
    unions = create_unions(context)
    context.union = unions.main
    plan = plan_for(context.scale)
    created = create_cooperatives(context, plan, unions)
    context.logins.extend(create_demo_accounts(context, unions.main, reuse=False))
    count = len(unions.by_region)
    plural = "s" if count > 1 else ""
    context.say(
        f"{created.cooperatives} coopératives ({created.cae} CAE, {created.entrepreneurs} "
        f"entrepreneur·es-salarié·es), {created.jobs} emplois, {count} union{plural} "
        f"régionale{plural}."
    )
