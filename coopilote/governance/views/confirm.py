"""Irreversible actions ask first.

The address of such an action, opened by GET, is a page that says what will happen and posts
to itself; only the POST acts. The view looks the object up with the action's own ability
before either, so the page is refused (404 or 403) to whoever the action is refused to. No
script: the page works without JavaScript (the Content-Security-Policy forbids inline code).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirm(
    request: HttpRequest,
    *,
    title: str,
    subject: str,
    effects: Sequence[str],
    back: str,
    button: str | None = None,
    trail: Sequence[tuple[str, str]] = (),
    form: Form | None = None,
) -> HttpResponse:
    """The page that asks before the action at this address: ``title`` names the action (and its
    button, unless ``button``), ``subject`` the object it acts on, ``effects`` what will happen
    in plain words, ``back`` the object's page. ``trail``: the (label, url) pages of the
    breadcrumb between « Governance » and the object. ``form``: fields the action takes, posted
    with the confirmation (bound, it shows its errors)."""
    context = {
        "title": title,
        "subject": subject,
        "effects": effects,
        "back": back,
        "button": button or title,
        "action": request.path,
        "trail": trail,
        "form": form,
    }
    return render(request, "governance/confirm.html", context)
