"""Poll pages: thin views over ``services``; every object goes through ``get_object_for``."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.core.pdf import render_pdf
from coopilote.core.spreadsheet import neutralize
from coopilote.members.current import current_union
from coopilote.members.models import Person
from coopilote.members.roles import roles_of
from coopilote.voting import charts, services
from coopilote.voting.forms import PollForm, ReceiptForm, VoteForm
from coopilote.voting.models import Elector, Poll, Status, union_poll_abilities

RECEIPTS_PER_PAGE = 500


def _poll(request: HttpRequest, pk: Any, action: str = "view") -> Poll:
    return get_object_for(
        request.user, Poll.objects.with_status().select_related("union"), action, pk=pk
    )


def once_published(
    action: str,
) -> Callable[[Callable[[HttpRequest, Poll], HttpResponse]], Callable[..., HttpResponse]]:
    """Views of what a poll publishes (results, receipts, exports): they get the poll once
    ``action`` is allowed; before its results are out, the person goes back to the poll with a
    message saying when, not a bare 403."""

    def decorate(view: Callable[[HttpRequest, Poll], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, pk: Any) -> HttpResponse:
            poll = _poll(request, pk)
            if poll.user_abilities[action]:  # type: ignore[attr-defined]
                return view(request, poll)
            if poll.is_published:
                raise PermissionDenied
            messages.info(request, _("Results and receipts are published when the poll closes."))
            return redirect("voting:poll", pk=pk)

        return wrapped

    return decorate


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_GET
def poll_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    polls: list[Poll] = []
    can_create = False
    if union is not None:
        listed = list(Poll.objects.in_union(union).for_listing())
        Poll.know_electors(listed, roles_of(request.user).person_id)
        polls = [poll for poll in listed if poll.abilities(request.user)["view"]]
        can_create = union_poll_abilities(request.user, union.pk)["create"]
    context = {"union": union, "polls": polls, "can_create": can_create}
    return render(request, "voting/poll_list.html", context)


@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    union = current_union(request)
    if union is None or not union_poll_abilities(request.user, union.pk)["create"]:
        raise PermissionDenied
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.create_poll(
                request.user,
                union,
                data["title"],
                [(label, "", "") for label in data["options"]],
                data["opens_at"],
                data["closes_at"],
                data["description"],
                electorate=data["electorate"],
                electors=data["electors"],
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The poll has been created as a draft."))
            return redirect(poll)
    return render(request, "voting/poll_form.html", {"form": form, "union": union})


@require_GET
def poll_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    poll = _poll(request, pk)
    person_id = roles_of(request.user).person_id
    context = {
        "poll": poll,
        "options": poll.options.all(),
        "is_elector": poll.is_elector(person_id),
        "has_voted": services.has_voted(person_id, poll),
        "electors": poll.electors.count(),
        "voters": poll.participations.count() if poll.status != Status.DRAFT else 0,
    }
    return render(request, "voting/poll_detail.html", context)


@require_POST
def poll_open(request: HttpRequest, pk: Any) -> HttpResponse:
    poll = _poll(request, pk, "open")
    try:
        services.open_poll(request.user, poll, base_url=_base_url(request))
    except services.VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The poll is open; the electors have been told."))
    return redirect(poll)


@require_POST
def poll_close(request: HttpRequest, pk: Any) -> HttpResponse:
    poll = _poll(request, pk, "close")
    try:
        services.close_poll(request.user, poll, base_url=_base_url(request))
    except services.VotingError as error:
        messages.error(request, str(error))
        return redirect(poll)
    messages.success(request, _("The poll is closed and its results are published."))
    return redirect("voting:results", pk=poll.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    poll = _poll(request, pk, "vote")
    person_id = roles_of(request.user).person_id
    if person_id is None:  # the "vote" ability already requires an elector
        raise PermissionDenied
    person = Person.objects.get(pk=person_id)
    if services.has_voted(person.pk, poll):
        messages.info(request, _("You have already voted in this poll."))
        return redirect(poll)
    # Bound on every POST, even an empty one: an empty ballot must meet the form's refusal.
    form = VoteForm(poll, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.cast_ballot(person, poll, form.grades())
        except services.VotingError as error:
            form.add_error(None, str(error))
        else:
            # Rendered in answer to the POST, never stored nor redirected to: shown once.
            return render(
                request,
                "voting/receipt.html",
                {"poll": poll, "receipt": receipt, "fingerprint": services.receipt_hash(receipt)},
            )
    return render(request, "voting/vote_form.html", {"poll": poll, "form": form})


@require_http_methods(["GET", "POST"])
@once_published("check_receipt")
def receipt_check(request: HttpRequest, poll: Poll) -> HttpResponse:
    # POST, so that a receipt never lands in a URL, a server log or the browser history.
    form = ReceiptForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.check_receipt(poll, form.cleaned_data["receipt"])
    context = {"poll": poll, "form": form, "found": found}
    return render(request, "voting/receipt_check.html", context)


@require_GET
@once_published("check_receipt")
def receipt_list(request: HttpRequest, poll: Poll) -> HttpResponse:
    hashes = services.receipt_hashes(poll)
    if request.GET.get("format") == "txt":
        response = HttpResponse("\n".join(hashes) + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_slug(poll)}-recepisses.txt"'
        return response
    page = Paginator(hashes, RECEIPTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "voting/receipt_list.html", {"poll": poll, "page": page})


@require_GET
@once_published("results")
def results(request: HttpRequest, poll: Poll) -> HttpResponse:
    rows = services.results(poll)
    context = {
        "poll": poll,
        "bars": [charts.bar(row, poll.grades) for row in rows],
        "legend": charts.legend(poll.grades),
        "ballots": (poll.results_snapshot or {}).get("ballots", 0),
        "electors": poll.electors.count(),
    }
    return render(request, "voting/results.html", context)


def _slug(poll: Poll) -> str:
    return slugify(poll.title)[:60] or "scrutin"


def _cell(value: Any) -> Any:
    return neutralize(value) if isinstance(value, str) else value


def _csv(poll: Poll, suffix: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_slug(poll)}-{suffix}.csv"'
    response.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents
    return response, csv.writer(response, delimiter=";")


@require_GET
@once_published("export")
def results_csv(request: HttpRequest, poll: Poll) -> HttpResponse:
    response, writer = _csv(poll, "resultats")
    writer.writerow([_("Rank"), _("Option"), _("Majority grade"), *poll.grades])
    for row in services.results(poll):
        writer.writerow([row.rank, _cell(row.option.label), row.grade_label, *row.counts])
    return response


@require_GET
@once_published("export")
def ballots_csv(request: HttpRequest, poll: Poll) -> HttpResponse:
    options, rows = services.ballots_for_export(poll)
    response, writer = _csv(poll, "bulletins")
    writer.writerow([_("Ballot"), *(_cell(option.label) for option in options)])
    for ballot_id, grades in rows:
        writer.writerow([ballot_id, *(poll.grade_label(grade) for grade in grades)])
    return response


@require_GET
@once_published("export")
def results_pdf(request: HttpRequest, poll: Poll) -> HttpResponse:
    from weasyprint import CSS

    context = {
        "poll": poll,
        "results": services.results(poll),
        "ballots": (poll.results_snapshot or {}).get("ballots", 0),
    }
    html = render_to_string("voting/results_pdf.html", context, request=request)
    stylesheet = CSS(string=render_to_string("voting/results_pdf.css"))
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_slug(poll)}-resultats.pdf"'
    return response


@require_GET
def electors(request: HttpRequest, pk: Any) -> HttpResponse:
    """The electoral roll; once the poll is closed, the émargement beside it."""
    poll = _poll(request, pk, "view_electorate")
    show_votes = poll.abilities(request.user)["view_participation"]
    voted_on = dict(poll.participations.values_list("person_id", "voted_on")) if show_votes else {}
    roll = [
        (elector.person, voted_on.get(elector.person_id))
        for elector in Elector.objects.filter(poll=poll)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    ]
    by_day = (
        poll.participations.values("voted_on").annotate(n=Count("pk")).order_by("voted_on")
        if show_votes
        else []
    )
    context = {"poll": poll, "roll": roll, "show_votes": show_votes, "by_day": by_day}
    return render(request, "voting/electors.html", context)
