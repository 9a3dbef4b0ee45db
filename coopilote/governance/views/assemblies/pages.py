"""The list of assemblies, preparing one (created, edited while its vote is not open), the
colleges of a body, and the assembly's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.core.templatetags.french import french_date
from coopilote.governance.forms.assemblies import (
    AssemblyForm,
    CollegesForm,
)
from coopilote.governance.models import Assembly, College, Voter
from coopilote.governance.services import assemblies as services
from coopilote.governance.views.assemblies.common import assembly_for, detail, managed_bodies
from coopilote.members.current import current_union
from coopilote.members.models import Body
from coopilote.members.roles import roles_of


@login_required
@require_GET
def assembly_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    assemblies: list[Assembly] = []
    if union is not None:
        assemblies = list(Assembly.objects.visible_in_union(union, request.user).for_listing())
    bodies = list(managed_bodies(request))
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
    bodies = managed_bodies(request)
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
            return detail(assembly)
    return render(request, "governance/assemblies/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def assembly_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """While the assembly is prepared, the same form as its creation (its body stays)."""
    assembly = assembly_for(request, pk, "change")
    form = AssemblyForm(
        Body.objects.filter(pk=assembly.body_id),
        request.POST or None,
        initial=model_to_dict(assembly, fields=AssemblyForm.Meta.fields),
        fixed_body=True,
    )
    if request.method == "POST" and form.is_valid():
        convened = {name: getattr(assembly, name) for name in services.CONVENED_FIELDS}
        try:
            services.update_assembly(request.user, assembly, **_settings(form.cleaned_data))
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The assembly is saved."))
            if assembly.convened_at is not None and any(
                getattr(assembly, name) != value for name, value in convened.items()
            ):
                messages.warning(
                    request,
                    _(
                        "The convocation sent on %(day)s gives what has just changed: send it "
                        "again, so that the members read the new one."
                    )
                    % {"day": french_date(timezone.localtime(assembly.convened_at), "j F Y")},
                )
            return detail(assembly)
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
    assembly = assembly_for(request, pk)
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
