"""Amendments: proposed, discussed, sent to a decision, settled, rebased, withdrawn."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.governance.forms.comments import CommentForm
from coopilote.governance.forms.rules import (
    AmendmentForm,
    DecisionForm,
    RebaseForm,
)
from coopilote.governance.models import (
    Amendment,
    RuleVersion,
)
from coopilote.governance.services import rules as services
from coopilote.governance.views.comments import post_comment
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.rules.common import _amendment, _document
from coopilote.members.current import current_person

# --- Amendments -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def amendment_create(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = _document(request, pk, "amend")
    current = services.current_version(document)
    form = AmendmentForm(request.POST or None, initial={"text": current.text})
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.propose_amendment(
                request.user, document, current_person(request), **form.cleaned_data
            )
        except services.AmendmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your amendment is published for discussion."))
            return redirect("governance:amendment_detail", pk=amendment.pk)
    context = {"document": document, "current": current, "form": form}
    return render(request, "governance/rules/amendment_form.html", context)


@require_GET
def amendment_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    amendment = _amendment(request, pk)
    abilities = amendment.user_abilities  # type: ignore[attr-defined]
    current = services.current_version(amendment.document)
    stale = amendment.is_open and amendment.base_version_id != current.pk
    outcome = None
    if amendment.status == Amendment.Status.IN_DECISION:
        outcome, _date = services.decision_outcome(amendment)
    resolution_visible = (
        amendment.resolution is not None
        and amendment.resolution.assembly.abilities(request.user)["view"]
    )
    context = {
        "amendment": amendment,
        "document": amendment.document,
        "abilities": abilities,
        "current": current,
        "stale": stale,
        "diff": services.diff_texts(amendment.base_version.text, amendment.text),
        "since": services.diff_texts(amendment.base_version.text, current.text) if stale else None,
        "comments": amendment.comments.select_related("author"),
        "comment_form": CommentForm() if abilities["comment"] else None,
        "outcome": outcome,
        # Under decision, withdrawn only when the decision cannot apply (services.withdraw).
        "withdrawable": abilities["withdraw"]
        and (amendment.status == Amendment.Status.PROPOSED or services.cannot_apply(amendment)),
        "resolution_visible": resolution_visible,
        "result_version": RuleVersion.objects.filter(amendment=amendment).first(),
    }
    return render(request, "governance/rules/amendment_detail.html", context)


@require_POST
def amendment_comment(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("governance:amendment_detail", kwargs={"pk": pk}))
    amendment = _amendment(request, pk, "comment")
    return post_comment(
        request,
        lambda author, text: services.comment(request.user, amendment, author, text),
        services.AmendmentError,
        reverse("governance:amendment_detail", kwargs={"pk": pk}),
    )


@require_http_methods(["GET", "POST"])
def amendment_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    amendment = _amendment(request, pk, "decide")
    document = amendment.document
    form = DecisionForm(
        request.POST or None,
        assemblies=services.assemblies_for(document),
        has_body=document.body_id is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["way"] == DecisionForm.CONSENT:
                services.send_to_consent(
                    request.user, amendment, living_effect=data["living_effect"]
                )
            else:
                services.send_to_assembly(
                    request.user, amendment, data["assembly"], method=data["method"] or "simple"
                )
        except services.AmendmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The amendment is sent to a decision."))
            return redirect("governance:amendment_detail", pk=amendment.pk)
    context = {"amendment": amendment, "document": document, "form": form}
    return render(request, "governance/rules/decision_form.html", context)


@require_POST
def amendment_settle(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("governance:amendment_detail", kwargs={"pk": pk}))
    amendment = _amendment(request, pk, "settle")
    try:
        settled = services.settle_amendment(amendment, request.user)
    except services.AmendmentError as error:
        messages.error(request, str(error))
    else:
        if settled.status == Amendment.Status.ACCEPTED:
            messages.success(request, _("The amendment is accepted: a new version is in force."))
        else:
            messages.success(request, _("The amendment is rejected."))
    return redirect("governance:amendment_detail", pk=amendment.pk)


@require_http_methods(["GET", "POST"])
def amendment_rebase(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    amendment = _amendment(request, pk, "rebase")
    current = services.current_version(amendment.document)
    initial = {"article": amendment.article, "text": amendment.text}
    if amendment.article:
        # The article's wording applies again on the current text.
        initial["text"] = services.article_text(amendment.text, amendment.article)
    form = RebaseForm(request.POST or None, initial=initial)
    # Under decision, the wording is what is decided: shown, never taken from the request.
    frozen = amendment.status == Amendment.Status.IN_DECISION
    for field in form.fields.values():
        field.disabled = frozen
    if request.method == "POST" and form.is_valid():
        try:
            services.rebase(request.user, amendment, **form.cleaned_data)
        except services.AmendmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The amendment now applies to the current version."))
            return redirect("governance:amendment_detail", pk=amendment.pk)
    context = {
        "amendment": amendment,
        "document": amendment.document,
        "current": current,
        "form": form,
        "frozen": frozen,
        "since": services.diff_texts(amendment.base_version.text, current.text),
    }
    return render(request, "governance/rules/rebase_form.html", context)


@require_http_methods(["GET", "POST"])
def amendment_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("governance:amendment_detail", kwargs={"pk": pk}))
    amendment = _amendment(request, pk, "withdraw")
    if request.method == "GET":
        return confirm(
            request,
            title=_("Withdraw the amendment"),
            subject=amendment.title,
            effects=[
                _("The amendment is withdrawn: it will never change the text."),
                _("Its wording stays readable; to propose it again, write a new amendment."),
            ],
            trail=[
                (_("Internal rules and charters"), reverse("governance:rule_list")),
                (
                    amendment.document.title,
                    reverse("governance:rule_detail", kwargs={"pk": amendment.document_id}),
                ),
            ],
            back=reverse("governance:amendment_detail", kwargs={"pk": amendment.pk}),
        )
    try:
        services.withdraw(request.user, amendment)
    except services.AmendmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The amendment is withdrawn."))
    return redirect("governance:amendment_detail", pk=amendment.pk)
