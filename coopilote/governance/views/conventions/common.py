from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from coopilote.core.abilities import get_object_for
from coopilote.governance.models import Convention


def convention_for(request: HttpRequest, pk: Any, action: str = "view") -> Convention:
    return get_object_for(request.user, Convention.objects.select_related("union"), action, pk=pk)
