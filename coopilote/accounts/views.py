from __future__ import annotations

import copy
import ipaddress
import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from coopilote.accounts import data, services
from coopilote.accounts.forms import (
    INVALID_LOGIN,
    ErasureRequestForm,
    LoginForm,
    PersonDataForm,
    throttled_message,
)
from coopilote.accounts.models import User
from coopilote.core.abilities import require
from coopilote.members.models import Person

logger = logging.getLogger(__name__)

EXPORT_FILENAME = "mes-donnees-coopilote.json"


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client typed unless a proxy rewrites it.
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def _is_safe(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        try:
            user = services.check_login(email, password, client_ip(request))
        except services.LoginThrottled as throttled:
            form.add_error(None, throttled_message(throttled.minutes))
            status = 429
        else:
            if user is not None:
                auth_login(request, user)
                return redirect(
                    next_url
                    if _is_safe(request, next_url)
                    else resolve_url(settings.LOGIN_REDIRECT_URL)
                )
            form.add_error(None, INVALID_LOGIN)
    context = {"form": form, "next": next_url if _is_safe(request, next_url) else ""}
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Mon compte ---------------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    person = data.person_of(request.user)
    data_form = None
    if person is not None:
        require(person, request.user, "view")
        # The form works on a copy: a rejected POST must not show as the page's own data.
        data_form = PersonDataForm(
            request.POST if request.method == "POST" else None, instance=copy.copy(person)
        )
        if request.method == "POST":
            require(person, request.user, "change")
            if data_form.is_valid():
                services.update_person_data(request.user, person, data_form.cleaned_data)
                messages.success(request, _("Your data has been saved."))
                return redirect("accounts:account")
    elif request.method == "POST":
        raise Http404
    return _render_account(
        request,
        person,
        data_form,
        ErasureRequestForm(),
        status=400 if request.method == "POST" else 200,
    )


def _render_account(
    request: HttpRequest,
    person: Person | None,
    data_form: PersonDataForm | None,
    erasure_form: ErasureRequestForm,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "person": person,
        "data_form": data_form,
        "erasure_form": erasure_form,
    }
    if person is not None:
        context.update(
            abilities=person.abilities(request.user),
            cooperatives=data.cooperatives_of(person),
            union_roles=data.union_roles_of(person),
            board_seats=data.board_seats_of(person),
            pending_erasure=data.pending_erasure_of(person),
        )
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_GET
@never_cache
def export_my_data(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    person = data.person_of(request.user)
    if person is not None:
        require(person, request.user, "export")
    content = json.dumps(
        data.export(request.user, person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    return response


@login_required
@require_POST
def request_erasure(request: HttpRequest) -> HttpResponse:
    person = data.person_of(request.user)
    if person is None:
        raise Http404
    require(person, request.user, "request_erasure")
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return _render_account(
            request, person, PersonDataForm(instance=copy.copy(person)), form, status=400
        )
    _erasure, created = services.request_erasure(
        request.user, person, reason=form.cleaned_data["reason"]
    )
    if created:
        messages.success(request, _("Your erasure request has been sent to the union."))
    else:
        messages.info(request, _("Your erasure request is already pending."))
    return redirect("accounts:account")


# --- Passwords ----------------------------------------------------------------------------------


class _SendAfterResponse(HttpResponseRedirect):
    """A redirect whose e-mail leaves once the client has the whole answer.

    WSGI servers call close() after sending the body, so known and unknown addresses answer
    alike and equally fast, and a failing mail server cannot reveal that an address exists.
    """

    def __init__(self, url: str, send: Callable[[], None]) -> None:
        super().__init__(url)
        self._send = send

    def close(self) -> None:
        try:
            self._send()
        except Exception:
            logger.exception("Password reset e-mail not sent")
        finally:
            super().close()


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": {
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            },
        }
        language = translation.get_language()

        def send() -> None:
            with translation.override(language):
                form.save(**options)

        return _SendAfterResponse(str(self.get_success_url()), send)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            services.record_password_change(form.user, reset=True)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            services.record_password_change(form.user, reset=False)
        return response


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
