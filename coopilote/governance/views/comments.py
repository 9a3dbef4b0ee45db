"""Comments under an amendment or a practice sheet: one way to post them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from coopilote.governance.forms.comments import CommentForm
from coopilote.members.current import current_person
from coopilote.members.models import Person


def post_comment(
    request: HttpRequest,
    add: Callable[[Person, str], Any],
    refused: type[Exception],
    back: str,
) -> HttpResponse:
    """``add(author, text)`` writes the comment (its service refuses with ``refused``); the
    answer goes back to the comments of ``back``, with what happened in a message."""
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            add(current_person(request), form.cleaned_data["text"])
        except refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your comment is published."))
    else:
        messages.error(request, _("The comment is empty or too long."))
    return redirect(back + "#commentaires")
