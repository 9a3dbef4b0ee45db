from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from coopilote.members.current import current_union, unions_of


def unions(request: HttpRequest) -> dict[str, Any]:
    # Lazy: pages that never show the union (healthz, errors) never query it.
    return {
        "current_union": SimpleLazyObject(lambda: current_union(request)),
        "switchable_unions": SimpleLazyObject(lambda: unions_of(request)),
    }
