from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from coopilote.core.manifest import manifests


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    entries = [
        entry
        for _config, manifest in manifests()
        for entry in manifest.menu
        if user is not None and entry.visible(user)
    ]
    entries.sort(key=lambda entry: entry.order)
    current = request.path
    menu = []
    for entry in entries:
        url = reverse(entry.url_name)
        active = url == current if url == "/" else current.startswith(url)
        menu.append({"label": entry.label, "url": url, "active": active})
    return {"menu": menu}
