"""General assemblies: thin views over ``services.assemblies``; objects via ``get_object_for``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.core.pdf import render_pdf
from coopilote.governance.forms.assemblies import (
    AssemblyForm,
    BallotForm,
    CollegesForm,
    ProxyForm,
    RecordedProxyForm,
    ResolutionForm,
    VoterForm,
)
from coopilote.governance.models import Assembly, College, Proxy, Resolution, Voter
from coopilote.governance.models.assemblies import ResolutionParticipation
from coopilote.governance.models.mandates import manages_body
from coopilote.governance.services import assemblies as services
from coopilote.governance.views.confirm import confirm
from coopilote.members.current import current_union
from coopilote.members.models import Body, Person
from coopilote.members.roles import roles_of
from coopilote.voting.forms import ReceiptForm


def _assembly(request: HttpRequest, pk: Any, action: str = "view") -> Assembly:
    return get_object_for(
        request.user,
        Assembly.objects.select_related("body__union", "body__cooperative"),
        action,
        pk=pk,
    )


def _detail(assembly: Assembly) -> HttpResponse:
    return redirect("governance:assembly", pk=assembly.pk)


def _managed_bodies(request: HttpRequest) -> Any:
    union = current_union(request)
    if union is None:
        return Body.objects.none()
    bodies = Body.objects.filter(union=union).select_related("cooperative", "union")
    return Body.objects.filter(
        pk__in=[body.pk for body in bodies if manages_body(request.user, body)]
    ).select_related("cooperative")


@login_required
@require_GET
def assembly_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    assemblies: list[Assembly] = []
    if union is not None:
        assemblies = list(Assembly.objects.visible_in_union(union, request.user).for_listing())
    bodies = list(_managed_bodies(request))
    context = {"union": union, "assemblies": assemblies, "bodies": bodies}
    return render(request, "governance/assemblies/list.html", context)


ASSEMBLY_SETTINGS = (
    "title",
    "held_on",
    "starts_at",
    "place",
    "closes_at",
    "quorum",
    "proxy_cap",
    "secret",
)


def _settings(data: dict[str, Any]) -> dict[str, Any]:
    """The assembly's settings from its form, as the services take them."""
    return {name: data[name] for name in ASSEMBLY_SETTINGS}


@login_required
@require_http_methods(["GET", "POST"])
def assembly_create(request: HttpRequest) -> HttpResponse:
    bodies = _managed_bodies(request)
    if not bodies.exists():
        raise PermissionDenied
    form = AssemblyForm(bodies, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.create_assembly(
                request.user, form.cleaned_data["body"], **_settings(form.cleaned_data)
            )
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The assembly is prepared: add its roll and resolutions."))
            return _detail(assembly)
    return render(request, "governance/assemblies/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def assembly_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """While the assembly is prepared, the same form as its creation (its body stays)."""
    assembly = _assembly(request, pk, "change")
    form = AssemblyForm(
        Body.objects.filter(pk=assembly.body_id),
        request.POST or None,
        initial=model_to_dict(assembly, fields=AssemblyForm.Meta.fields),
        fixed_body=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_assembly(request.user, assembly, **_settings(form.cleaned_data))
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The assembly is saved."))
            return _detail(assembly)
    return render(request, "governance/assemblies/form.html", {"form": form, "assembly": assembly})


@login_required
@require_http_methods(["GET", "POST"])
def body_colleges(request: HttpRequest, pk: Any) -> HttpResponse:
    body = get_object_for(request.user, Body.objects.select_related("cooperative"), "change", pk=pk)
    form = CollegesForm(request.POST or None, initial={"lines": CollegesForm.initial_for(body)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_colleges(request.user, body, form.cleaned_data["lines"])
        except services.AssemblyError as error:
            form.add_error("lines", str(error))
        else:
            messages.success(request, _("The colleges and their weights are saved."))
            return redirect("governance:assembly_list")
    colleges = College.objects.filter(body=body).order_by("-weight", "name")
    context = {"body": body, "form": form, "colleges": colleges}
    return render(request, "governance/assemblies/colleges.html", context)


@login_required
@require_GET
def assembly_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = _assembly(request, pk)
    person_id = roles_of(request.user).person_id
    resolutions = list(assembly.resolutions.prefetch_related("options"))
    context = {
        "assembly": assembly,
        "resolutions": resolutions,
        "colleges": College.objects.filter(body_id=assembly.body_id).order_by("-weight", "name"),
        "quorum": services.quorum(assembly),
        # A prepared assembly whose closing time has passed cannot open: the page says where
        # to move it instead of offering the button.
        "closing_passed": assembly.status == Assembly.Status.DRAFT
        and services.closing_passed(assembly),
        "to_cast": services.votes_to_cast(assembly, person_id) if person_id else [],
        "own": Voter.objects.filter(assembly=assembly, person_id=person_id).first()
        if person_id
        else None,
    }
    return render(request, "governance/assemblies/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assembly_roll(request: HttpRequest, pk: Any) -> HttpResponse:
    """The roll (voters, colleges, presence, proxies); its manager adds voters while preparing."""
    assembly = _assembly(request, pk, "roll")
    can_add = assembly.abilities(request.user)["change"]
    form = None
    if can_add:
        form = VoterForm(
            assembly, services.candidates_for_roll(assembly.body), request.POST or None
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_voter(
                    request.user,
                    assembly,
                    form.cleaned_data["person"],
                    form.cleaned_data["college"],
                )
            except services.AssemblyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Added to the roll."))
                return redirect("governance:assembly_roll", pk=assembly.pk)
    voters = assembly.voters.select_related("person", "college").order_by(
        "college__name", "person__last_name", "person__first_name"
    )
    proxies = {
        proxy.giver_id: proxy.holder
        for proxy in Proxy.objects.filter(assembly=assembly).select_related("holder__person")
    }
    context = {
        "assembly": assembly,
        "voters": [(voter, proxies.get(voter.pk)) for voter in voters],
        "form": form,
        "quorum": services.quorum(assembly),
    }
    return render(request, "governance/assemblies/roll.html", context)


@login_required
@require_POST
def voter_presence(request: HttpRequest, pk: Any, voter: Any) -> HttpResponse:
    assembly = _assembly(request, pk, "mark_presence")
    line = get_object_for(request.user, Voter.objects.filter(assembly=assembly), pk=voter)
    try:
        services.set_presence(request.user, line, request.POST.get("present") == "1")
    except services.AssemblyError as error:
        messages.error(request, str(error))
    return redirect("governance:assembly_roll", pk=assembly.pk)


@login_required
@require_http_methods(["GET", "POST"])
def resolution_create(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = _assembly(request, pk, "change")
    form = ResolutionForm(assembly, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_resolution(
                request.user,
                assembly,
                title=data["title"],
                text=data["text"],
                method=data["method"],
                threshold=data["threshold"],
                options=data["options"],
                rule=data["rule"],
                rule_article=data["rule_article"],
            )
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The resolution is added to the agenda."))
            return _detail(assembly)
    return render(
        request, "governance/assemblies/resolution_form.html", {"assembly": assembly, "form": form}
    )


@login_required
@require_POST
def assembly_open(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = _assembly(request, pk, "open")
    try:
        services.open_assembly(request.user, assembly)
    except services.AssemblyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vote is open."))
    return _detail(assembly)


@login_required
@require_http_methods(["GET", "POST"])
def assembly_close(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = _assembly(request, pk, "close")
    if request.method == "GET":
        return confirm(
            request,
            title=_("Close the vote"),
            subject=assembly.title,
            effects=_close_effects(assembly),
            back=reverse("governance:assembly", kwargs={"pk": assembly.pk}),
        )
    try:
        services.close_assembly(request.user, assembly)
    except services.AssemblyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vote is closed and the results are recorded."))
    return _detail(assembly)


def _close_effects(assembly: Assembly) -> list[str]:
    """What closing now does: who has voted, whether the quorum holds (and so whether anything
    can be adopted), and when the vote was to close."""
    counted = services.quorum(assembly)
    voted = services.lines_voted(assembly)
    figures = {
        "required": number_format(Decimal(counted["required"]), 2),
        "counted": counted["counted"],
        "roll": counted["roll"],
        "share": number_format(Decimal(counted["share"]), 2),
    }
    effects = [
        _("Closing ends the vote, checks the quorum and records the results."),
        ngettext(
            "%(voted)s of the %(roll)s people on the list of voters has voted (themselves or "
            "through a proxy).",
            "%(voted)s of the %(roll)s people on the list of voters have voted (themselves or "
            "through a proxy).",
            voted,
        )
        % {"voted": voted, "roll": counted["roll"]},
        (
            _(
                "The quorum (%(required)s %%) is reached: %(counted)s of %(roll)s present or "
                "represented (%(share)s %%); the resolutions can be adopted."
            )
            if counted["reached"]
            else _(
                "The quorum (%(required)s %%) is not reached: %(counted)s of %(roll)s present or "
                "represented (%(share)s %%). Closed now, the vote adopts no resolution."
            )
        )
        % figures,
    ]
    planned = services.moment(assembly.closes_at)
    if services.closing_passed(assembly):
        effects.append(
            _("The planned closing time, %(closes)s, has passed: nobody can vote any more.")
            % {"closes": planned}
        )
    else:
        effects.append(
            _(
                "The vote was planned to close on %(closes)s: nobody can vote any more, even "
                "before then."
            )
            % {"closes": planned}
        )
    return effects


@login_required
@require_http_methods(["GET", "POST"])
def assembly_proxy(request: HttpRequest, pk: Any) -> HttpResponse:
    """A voter gives their proxy; the body's manager records a paper one."""
    assembly = _assembly(request, pk, "proxy")
    manage = assembly.abilities(request.user)["manage"]
    person_id = roles_of(request.user).person_id
    own = (
        Voter.objects.filter(assembly=assembly, person_id=person_id).first() if person_id else None
    )
    # The manager records others' proxies: their own line's state is not the page's subject.
    refusal = services.own_proxy_refusal(own) if own is not None and not manage else None
    data = request.POST or None
    form: RecordedProxyForm | ProxyForm | None = None
    if manage:
        form = RecordedProxyForm(assembly, data)
    elif own is None:  # pragma: no cover - the "proxy" ability requires one of both
        raise PermissionDenied
    elif refusal is None:
        form = ProxyForm(assembly, own, data)
    elif request.method == "POST":
        # No form was offered: the refusal is said in words, not by errors of a hidden form.
        messages.error(request, refusal)
        return _detail(assembly)
    if request.method == "POST" and form is not None and form.is_valid():
        giver = form.cleaned_data.get("giver") or own
        if giver is None:  # pragma: no cover - the form requires a giver from a manager
            raise PermissionDenied
        try:
            services.give_proxy(request.user, assembly, giver, form.cleaned_data["holder"])
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proxy is recorded."))
            return _detail(assembly)
    context = {"assembly": assembly, "form": form, "refusal": refusal, "manage": manage}
    return render(request, "governance/assemblies/proxy.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def resolution_vote(request: HttpRequest, pk: Any, voter: Any) -> HttpResponse:
    """Vote on a resolution for the line ``voter``: one's own, or a proxy one holds."""
    resolution = get_object_for(
        request.user, Resolution.objects.select_related("assembly__body"), "vote", pk=pk
    )
    assembly = resolution.assembly
    person_id = roles_of(request.user).person_id
    line = (
        Voter.objects.filter(assembly=assembly, pk=voter)
        .select_related("person", "college")
        .first()
    )
    if line is None or person_id is None:
        raise PermissionDenied
    proxy = line.person_id != person_id
    if proxy and not Proxy.objects.filter(giver=line, holder__person_id=person_id).exists():
        raise PermissionDenied
    person = Person.objects.get(pk=person_id)
    # Bound on any POST, even an empty one (no radio button chosen): it is refused, with why.
    form = BallotForm(resolution, request.POST if request.method == "POST" else None)
    # The émargement says this line voted (never how): no second form to fill in for nothing.
    voted = (
        ResolutionParticipation.objects.filter(resolution=resolution, voter=line)
        .select_related("cast_by__person")
        .first()
    )
    if request.method == "POST" and voted is None and form.is_valid():
        try:
            receipt = services.cast_vote(
                person,
                resolution,
                choice=form.cleaned_data.get("choice", ""),
                grades=form.grades(),
                for_voter=line if proxy else None,
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
        else:
            # Rendered in answer to the POST, never stored nor redirected to: shown once. An
            # open ballot hands out no receipt: the minutes say who voted what.
            context: dict[str, Any] = {"assembly": assembly, "resolution": resolution}
            context.update(line=line, proxy=proxy)
            if assembly.secret:
                context.update(receipt=receipt, fingerprint=services.receipt_hash(receipt))
            return render(request, "governance/assemblies/receipt.html", context)
    page = {"resolution": resolution, "assembly": assembly, "form": form, "line": line}
    page.update(proxy=proxy, voted=voted)
    return render(request, "governance/assemblies/vote.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = _assembly(request, pk, "check_receipt")
    # POST, so that a receipt never lands in a URL, a server log or the browser history.
    form = ReceiptForm(request.POST or None)
    found: Resolution | None = None
    checked = False
    if request.method == "POST" and form.is_valid():
        checked = True
        found = services.check_receipt(assembly, form.cleaned_data["receipt"])
    context = {"assembly": assembly, "form": form, "found": found, "checked": checked}
    return render(request, "governance/assemblies/receipt_check.html", context)


def minutes_context(assembly: Assembly) -> dict[str, Any]:
    signatories = services.presidency(assembly.body, assembly.held_on)
    return {
        "assembly": assembly,
        "quorum": services.quorum(assembly),
        "resolutions": list(assembly.resolutions.select_related("rule")),
        "voters": assembly.voters.count(),
        "proxies": assembly.proxies.count(),
        "signatories": signatories,
        "co_presidency": len(signatories) > 1,
    }


@login_required
@require_GET
def assembly_minutes(request: HttpRequest, pk: Any) -> HttpResponse:
    from weasyprint import CSS

    assembly = _assembly(request, pk, "minutes")
    html = render_to_string(
        "governance/assemblies/minutes_pdf.html", minutes_context(assembly), request=request
    )
    stylesheet = CSS(string=render_to_string("governance/assemblies/minutes_pdf.css"))
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(assembly.title)[:60] or "assemblee"
    response["Content-Disposition"] = f'attachment; filename="{name}-proces-verbal.pdf"'
    return response
