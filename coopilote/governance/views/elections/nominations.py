"""The nomination round: nominating (oneself, or a member in a meeting), revealing, and the
round of changes. Revealing and closing the change round ask first (``views.confirm``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coopilote.core.templatetags.french import french_date
from coopilote.governance.forms.elections import (
    NominationForm,
    RecordedNominationForm,
    RevealForm,
)
from coopilote.governance.models import Election, Nomination
from coopilote.governance.services import elections as services
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.elections.common import (
    MEETING,
    confirm_subject,
    confirm_trail,
    election_for,
    members_of,
    person_of,
    submit,
)
from coopilote.members.current import current_person

# « jeudi 3 décembre 2026, 18:00 », as the record page gives deadlines.
DEADLINE = "l j F Y, H:i"


def nominated(nomination: Nomination) -> str:
    """What the member's nomination now means: sealed in the nomination round, seen by everyone
    at once in the change round."""
    if nomination.step == Nomination.Step.CHANGE:
        if nomination.nominee_id is None:
            return _("Recorded: you now nominate no one. Everyone sees it at once.")
        return _("Your new nomination is recorded. Everyone sees it at once.")
    if nomination.nominee_id is None:
        return _("Recorded: you nominate no one. It stays sealed until the reveal.")
    return _("Your nomination is recorded; it stays sealed.")


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
        lambda nomination: messages.success(request, nominated(nomination)),
        lambda e: NominationForm(request.POST, people=members_of(e.body), stage=e.stage),
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
        lambda e: RecordedNominationForm(
            request.POST, people=members_of(e.body), prefix=MEETING, stage=e.stage
        ),
        "record_nomination_form",
    )


def _progress(election: Election) -> tuple[services.RoundProgress, str]:
    """Where the round stands, and its deadline as the page writes it (empty once passed)."""
    progress = services.round_progress(election)
    if progress.deadline is None:
        return progress, ""
    return progress, french_date(timezone.localtime(progress.deadline), DEADLINE)


def _refused(request: HttpRequest, election: Election, check: Any) -> HttpResponse | None:
    """A step that cannot happen now is not asked about: the record page says why."""
    try:
        check(election)
    except services.ElectionError as error:
        messages.error(request, str(error))
        return redirect("governance:election", pk=election.pk)
    return None


def _ask_reveal(request: HttpRequest, election: Election, form: RevealForm) -> HttpResponse:
    progress, day = _progress(election)
    missing = progress.members - progress.nominated
    effects = [
        ngettext(
            "%(done)s member of %(count)s has nominated.",
            "%(done)s members of %(count)s have nominated.",
            progress.nominated,
        )
        % {"done": progress.nominated, "count": progress.members},
        *(
            [
                ngettext(
                    "%(count)s member has not nominated yet: from now on, only in the change "
                    "round, once every reason is known.",
                    "%(count)s members have not nominated yet: from now on, only in the change "
                    "round, once every reason is known.",
                    missing,
                )
                % {"count": missing}
            ]
            if missing > 0
            else []
        ),
        *(
            [
                _(
                    "The nomination round was to stay open until %(day)s: revealing now "
                    "closes it before its deadline."
                )
                % {"day": day}
            ]
            if day
            else []
        ),
        _(
            "Every nomination is shown to the body's members with its reason: they are no "
            "longer sealed."
        ),
        _("The change round opens: each member may change their nomination until it closes."),
    ]
    return confirm(
        request,
        title=_("Reveal the nominations"),
        subject=confirm_subject(election),
        effects=effects,
        back=reverse("governance:election", kwargs={"pk": election.pk}),
        trail=confirm_trail(),
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reveal(request: HttpRequest, pk: Any) -> HttpResponse:
    """GET asks (with the change round's optional deadline); POST reveals. A refusal (a past
    deadline, nobody has nominated) comes back on the same page, next to the form."""
    election = election_for(request, pk, "facilitate")
    if request.method == "GET":
        return _refused(request, election, services.check_reveal) or _ask_reveal(
            request, election, RevealForm()
        )
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            services.reveal(request.user, election, form.cleaned_data["deadline"])
        except services.ElectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The nominations are revealed; the change round is open."))
            return redirect("governance:election", pk=election.pk)
    return _ask_reveal(request, election, form)


@login_required
@require_http_methods(["GET", "POST"])
def close_changes(request: HttpRequest, pk: Any) -> HttpResponse:
    if request.method == "POST":
        return submit(
            request,
            pk,
            "facilitate",
            lambda e, data: services.close_changes(request.user, e),
            _("The change round is closed; the facilitator may propose."),
        )
    election = election_for(request, pk, "facilitate")
    refused = _refused(request, election, services.check_close_changes)
    if refused is not None:
        return refused
    progress, day = _progress(election)
    holders = election.role.holders
    effects = [
        ngettext(
            "%(done)s member of %(count)s has changed their nomination; the others keep their "
            "first one.",
            "%(done)s members of %(count)s have changed their nomination; the others keep their "
            "first one.",
            progress.nominated,
        )
        % {"done": progress.nominated, "count": progress.members},
        *(
            [
                _(
                    "The change round was to stay open until %(day)s: closing it now ends it "
                    "before its deadline."
                )
                % {"day": day}
            ]
            if day
            else []
        ),
        _("Nobody may change their nomination any more: the standing nominations are final."),
        ngettext(
            "Then the facilitator proposes %(count)s person for the role, and a consent round "
            "opens.",
            "Then the facilitator proposes %(count)s people for the role, and a consent round "
            "opens.",
            holders,
        )
        % {"count": holders},
    ]
    return confirm(
        request,
        title=_("Close the change round"),
        subject=confirm_subject(election),
        effects=effects,
        back=reverse("governance:election", kwargs={"pk": election.pk}),
        trail=confirm_trail(),
    )
