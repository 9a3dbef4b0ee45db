"""One authorization entry point: every object answers ``abilities(user) -> dict[str, bool]``.

Views call ``get_object_for`` so that an object the user may not even see is a 404
(its existence is not leaked across cooperatives), and one they see but may not act on is a 403.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404


class HasAbilities(Protocol):
    def abilities(self, user: Any) -> dict[str, bool]: ...


M = TypeVar("M", bound=Model)


def require(obj: HasAbilities, user: Any, action: str) -> dict[str, bool]:
    abilities = obj.abilities(user)
    if not abilities.get(action, False):
        raise PermissionDenied
    return abilities


def get_object_for(user: Any, queryset: QuerySet[M], action: str = "view", **lookup: Any) -> M:
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc
    abilities = obj.abilities(user)  # type: ignore[attr-defined]
    if not abilities.get("view", False):
        raise Http404
    if not abilities.get(action, False):
        raise PermissionDenied
    obj.user_abilities = abilities  # type: ignore[attr-defined]
    return obj
