from functools import cache
from typing import Any

from django.http import HttpRequest

from coopilote.core import links
from coopilote.core.manifest import MenuEntry, manifests


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = request.path
    menu = []
    for entry in _entries():
        if user is None or not entry.visible(user):
            continue
        url = links.url(entry.url_name)
        active = url == current if url == "/" else current.startswith(url)
        menu.append({"label": entry.label, "url": url, "active": active})
    return {"menu": menu}


@cache
def _entries() -> tuple[MenuEntry, ...]:
    """Every app's menu entries in their order (the manifests are fixed once the apps load)."""
    entries = [entry for _config, manifest in manifests() for entry in manifest.menu]
    entries.sort(key=lambda entry: entry.order)
    return tuple(entries)
