"""Builders shared by the rules tests and the authorization matrix (rules and practices)."""

from __future__ import annotations

import datetime
from typing import Any

from coopilote.governance.models import (
    Accountability,
    Amendment,
    Assembly,
    ConsentDecision,
    PracticeSheet,
    PracticeTag,
    RuleDocument,
    RuleVersion,
)
from coopilote.governance.tests.factories import union_board
from coopilote.members.models import Body, Cooperative, Person, Union

TEXT_V1 = (
    "Article 1 — Objet\n"
    "Le présent règlement organise le fonctionnement du conseil d’administration.\n"
    "\n"
    "Article 2 — Réunions\n"
    "Le conseil se réunit au moins quatre fois par an.\n"
    "\n"
    "Article 3 — Décisions\n"
    "Les décisions sont prises à la majorité des membres présents.\n"
)


def rules_document(union: Union, body: Body | None = None, text: str = TEXT_V1) -> RuleDocument:
    if body is None:
        body = union_board(union, 0)[0]
    document = RuleDocument.objects.create(
        union=union,
        body=body,
        kind=RuleDocument.Kind.INTERNAL_RULES,
        title="Règlement intérieur du conseil d’administration",
    )
    RuleVersion.objects.create(
        document=document, number=1, text=text, adopted_on=datetime.date(2024, 6, 20)
    )
    return document


def amendment(document: RuleDocument, author: Person, **fields: Any) -> Amendment:
    base = document.current_version()
    assert base is not None
    values = {
        "title": "Six réunions par an",
        "text": base.text.replace("quatre fois", "six fois"),
        "rationale": "Le congrès demande plus de transparence.",
    }
    values.update(fields)
    return Amendment.objects.create(document=document, base_version=base, author=author, **values)


def accountability(union: Union) -> Accountability:
    return Accountability.objects.create(
        union=union,
        domain="Budget",
        decides="Conseil d’administration",
        executes="Direction",
        accountable="Trésorier·e",
        reports_to="Assemblée générale",
    )


def union_assembly(union: Union, status: str = "draft") -> Assembly:
    body, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.GENERAL_ASSEMBLY,
        defaults={"name": "Assemblée générale"},
    )
    return Assembly.objects.create(
        body=body,
        title="Assemblée générale 2026",
        held_on=datetime.date(2026, 6, 18),
        closes_at=datetime.datetime(2026, 6, 18, 18, tzinfo=datetime.UTC),
        status=status,
    )


def decided(proposal: ConsentDecision, stage: str = "decided") -> ConsentDecision:
    proposal.stage = stage
    proposal.decided_on = datetime.date(2026, 3, 12)
    proposal.save()
    return proposal


def practice_sheet(cooperative: Cooperative, author: Person, **fields: Any) -> PracticeSheet:
    values = {
        "title": "Une coprésidence à trois voix",
        "context": "Départ à la retraite du gérant fondateur, une équipe de douze associés.",
        "actions": "Nous avons élu trois coprésident·es sans candidat, par sociocratie.",
        "worked": "La charge est partagée.",
        "did_not_work": "Les signatures bancaires ont pris du temps.",
        "tools": "Loomio, un tableau des rôles.",
        "contact": "gerance@exemple.coop",
    }
    values.update(fields)
    tags = values.pop("tags", ["co-presidence"])
    sheet = PracticeSheet.objects.create(cooperative=cooperative, author=author, **values)
    sheet.tags.set(PracticeTag.objects.filter(slug__in=tags))
    return sheet
