"""Rule documents and their versions: a document created, its current version read, an
amendment's base checked against it; and ``AmendmentError``, which every rule step raises."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import Amendment, RuleDocument, RuleVersion
from coopilote.governance.services.rules.texts import plain_lines
from coopilote.members.models import Body


class AmendmentError(Exception):
    """A refused step; the message is French and meant for the person."""


def create_document(
    actor: Any,
    union: Any,
    *,
    title: str,
    kind: str,
    body: Body | None,
    text: str,
    adopted_on: Any,
) -> RuleDocument:
    if body is not None and (body.union_id != union.pk or body.cooperative_id is not None):
        raise AmendmentError(_("This body is not one of the union’s."))
    with transaction.atomic():
        document = RuleDocument.objects.create(union=union, title=title, kind=kind, body=body)
        RuleVersion.objects.create(
            document=document, number=1, text=plain_lines(text), adopted_on=adopted_on
        )
        record(actor, "governance.rule_create", document, kind=kind)
    return document


def current_version(document: RuleDocument) -> RuleVersion:
    version = document.current_version()
    if version is None:
        raise AmendmentError(_("This document has no version yet."))
    return version


def is_stale(amendment: Amendment, current: RuleVersion | None = None) -> bool:
    """Written on a version that is no longer the current one: a conflict to resolve."""
    current = current or amendment.document.current_version()
    return current is not None and amendment.base_version_id != current.pk
