"""What the convention views share: the convention looked up through its abilities, and a
staff step run with its refusal or success told as a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from coopilote.core.abilities import get_object_for
from coopilote.governance.models import Convention
from coopilote.governance.services import conventions as services


def convention_for(request: HttpRequest, pk: Any, action: str = "view") -> Convention:
    return get_object_for(request.user, Convention.objects.select_related("union"), action, pk=pk)


def act(request: HttpRequest, action: Any, success: str, *args: Any) -> None:
    try:
        action(request.user, *args)
    except services.ConventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
