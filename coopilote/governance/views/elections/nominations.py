"""The nomination round: nominating (oneself, or a member in a meeting), revealing, and the
round of changes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopilote.governance.forms.elections import (
    NominationForm,
    RecordedNominationForm,
    RevealForm,
)
from coopilote.governance.services import elections as services
from coopilote.governance.views.elections.common import (
    MEETING,
    members_of,
    person_of,
    submit,
)
from coopilote.members.current import current_person


@login_required
@require_POST
def nominate(request: HttpRequest, pk: Any) -> HttpResponse:
    return submit(
        request,
        pk,
        "take_part",
        lambda e, data: services.nominate(
            e, current_person(request), data["nominee"], data["reason"], actor=request.user
        ),
        _("Your nomination is recorded; it stays sealed."),
        lambda e: NominationForm(request.POST, people=members_of(e.body)),
        "nomination_form",
    )


@login_required
@require_POST
def nominate_for(request: HttpRequest, pk: Any) -> HttpResponse:
    return submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.nominate(
            e,
            data["nominator"],
            data["nominee"],
            data["reason"],
            recorded_by=person_of(request),
            actor=request.user,
        ),
        _("The member's nomination is recorded."),
        lambda e: RecordedNominationForm(request.POST, people=members_of(e.body), prefix=MEETING),
        "record_nomination_form",
    )


@login_required
@require_POST
def reveal(request: HttpRequest, pk: Any) -> HttpResponse:
    # An invalid (past) deadline is refused rather than silently dropped.
    return submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.reveal(request.user, e, data["deadline"]),
        _("The nominations are revealed; the change round is open."),
        lambda e: RevealForm(request.POST),
        "reveal_form",
    )


@login_required
@require_POST
def close_changes(request: HttpRequest, pk: Any) -> HttpResponse:
    return submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.close_changes(request.user, e),
        _("The change round is closed; the facilitator may propose."),
    )
