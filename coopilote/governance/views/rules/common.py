"""What the rules pages share: the person, the document or amendment through its abilities."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from coopilote.core.abilities import get_object_for
from coopilote.governance.models import (
    Amendment,
    RuleDocument,
)
from coopilote.governance.models.rules import union_rule_abilities
from coopilote.members.current import current_union


def _document(request: HttpRequest, pk: Any, action: str = "view") -> RuleDocument:
    return get_object_for(
        request.user, RuleDocument.objects.select_related("union", "body"), action, pk=pk
    )


def _amendment(request: HttpRequest, pk: Any, action: str = "view") -> Amendment:
    queryset = Amendment.objects.select_related(
        "document__union",
        "document__body",
        "base_version",
        "author",
        "proposal__body",
        "resolution__assembly",
    )
    return get_object_for(request.user, queryset, action, pk=pk)


def _union_or_403(request: HttpRequest) -> Any:
    union = current_union(request)
    if union is None or not union_rule_abilities(request.user, union.pk)["change"]:
        raise PermissionDenied
    return union
