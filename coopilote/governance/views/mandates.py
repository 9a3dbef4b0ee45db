"""The public register of bodies, roles and mandates; staff record roles and mandates, holders
declare their interests. Thin views over ``services.mandates``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.mandates import (
    DeclarationForm,
    EndMandateForm,
    MandateForm,
    RoleForm,
)
from coopilote.governance.models import Election, Mandate, Role
from coopilote.governance.services import mandates as services
from coopilote.members.current import current_union
from coopilote.members.models import Body, BodySeat, Person
from coopilote.members.roles import roles_of


def _body(request: HttpRequest, pk: Any, action: str = "view") -> Body:
    return get_object_for(
        request.user, Body.objects.select_related("union", "parent", "cooperative"), action, pk=pk
    )


def _seated_people(body: Body) -> Any:
    ids = BodySeat.objects.current().filter(body=body).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("last_name", "first_name")


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    bodies = services.register(union) if union is not None else []
    manage = union is not None and roles_of(request.user).manages_union(union.pk)
    # me_id: the register offers « file a declaration » on the user's own mandates only.
    me_id = roles_of(request.user).person_id
    context = {"union": union, "bodies": bodies, "manage": manage, "me_id": me_id}
    return render(request, "governance/mandates/register.html", context)


@require_GET
def body_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    body = _body(request, pk)
    related = [body, *([body.parent] if body.parent else [])]
    entry = services.entries(related)[0]
    context = {
        "body": body,
        "entry": entry,
        "seats": services.members(body),
        "children": Body.objects.filter(parent=body).order_by("name"),
        "elections": [
            election
            for election in Election.objects.filter(body=body).select_related("role", "body")[:20]
            if election.abilities(request.user)["view"]
        ],
        "manage": body.user_abilities["change"],  # type: ignore[attr-defined]
        "me_id": roles_of(request.user).person_id,
    }
    return render(request, "governance/mandates/body.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def role_create(request: HttpRequest, pk: Any) -> HttpResponse:
    body = _body(request, pk, "change")
    return _role_form(request, body, None)


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    role = get_object_for(request.user, Role.objects.select_related("body__union"), "change", pk=pk)
    return _role_form(request, role.body, role)


def _role_form(request: HttpRequest, body: Body, role: Role | None) -> HttpResponse:
    form = RoleForm(request.POST or None, instance=role, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_role(request.user, body, form.cleaned_data, role)
        except services.MandateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The role has been saved."))
            return redirect("governance:body", pk=body.pk)
    return render(
        request, "governance/mandates/role_form.html", {"form": form, "body": body, "role": role}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mandate_create(request: HttpRequest, pk: Any) -> HttpResponse:
    role = get_object_for(request.user, Role.objects.select_related("body__union"), "change", pk=pk)
    form = MandateForm(request.POST or None, people=_seated_people(role.body))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_mandate(
                request.user,
                role,
                list(data["holders"]),
                data["start"],
                data["end"],
                note=data["note"],
            )
        except services.MandateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The mandate has been recorded."))
            return redirect("governance:body", pk=role.body_id)
    return render(request, "governance/mandates/mandate_form.html", {"form": form, "role": role})


def _mandate(request: HttpRequest, pk: Any, action: str = "view") -> Mandate:
    return get_object_for(
        request.user,
        Mandate.objects.select_related("role__body__union").prefetch_related("holders"),
        action,
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mandate_end(request: HttpRequest, pk: Any) -> HttpResponse:
    mandate = _mandate(request, pk, "change")
    form = EndMandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_mandate(
                request.user, mandate, form.cleaned_data["ended_on"], form.cleaned_data["note"]
            )
        except services.MandateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The mandate ends early."))
            return redirect("governance:body", pk=mandate.role.body_id)
    return render(
        request, "governance/mandates/mandate_end.html", {"form": form, "mandate": mandate}
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration(request: HttpRequest, pk: Any) -> HttpResponse:
    mandate = _mandate(request, pk)
    manage = mandate.user_abilities["change"]  # type: ignore[attr-defined]
    people = services.holders_for(roles_of(request.user).person_id, mandate, manage)
    if not people:
        raise PermissionDenied
    form = DeclarationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.declare_interests(
                request.user,
                mandate,
                data["person"],
                interests=data["interests"],
                nothing_to_declare=data["nothing_to_declare"],
            )
        except services.MandateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The declaration of interests is published."))
            return redirect("governance:body", pk=mandate.role.body_id)
    return render(
        request, "governance/mandates/declaration_form.html", {"form": form, "mandate": mandate}
    )
