"""What the assembly views share: the assembly looked up through its abilities, its page,
and the bodies the user manages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from coopilote.core.abilities import get_object_for
from coopilote.governance.models import Assembly
from coopilote.governance.models.mandates import manages_body
from coopilote.members.current import current_union
from coopilote.members.models import Body


def assembly_for(request: HttpRequest, pk: Any, action: str = "view") -> Assembly:
    return get_object_for(
        request.user,
        Assembly.objects.select_related("body__union", "body__cooperative"),
        action,
        pk=pk,
    )


def detail(assembly: Assembly) -> HttpResponse:
    return redirect("governance:assembly", pk=assembly.pk)


def managed_bodies(request: HttpRequest) -> Any:
    union = current_union(request)
    if union is None:
        return Body.objects.none()
    bodies = Body.objects.filter(union=union).select_related("cooperative", "union")
    return Body.objects.filter(
        pk__in=[body.pk for body in bodies if manages_body(request.user, body)]
    ).select_related("cooperative")
