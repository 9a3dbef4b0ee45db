"""Every write of the accounts app: login throttling, a person's own data, erasure, anonymization.

One transaction each, and one audit row where someone must be able to trace the write: the
actor, the action, the object and the names of the changed fields, never their values.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from coopilote.accounts.models import ErasureRequest, LoginFailure, User
from coopilote.accounts.signals import person_anonymized
from coopilote.core import audit
from coopilote.core.abilities import require
from coopilote.members.models import Person
from coopilote.members.roles import forget_roles, roles_of

# What a person may change about themselves. The e-mail is not among them: it is the login,
# and letting anyone type someone else's address there would open account takeovers.
PERSON_DATA_FIELDS = ("first_name", "last_name", "phone")
ANONYMIZED_FIRST_NAME = "Personne"
ANONYMIZED_LAST_NAME = "anonymisée"
# One office or one household shares an address: an IP gets ten times an e-mail's allowance.
IP_LIMIT_FACTOR = 10
# Failures only matter for the throttling window; a day's worth is kept to look into an attack.
LOGIN_FAILURE_RETENTION = timedelta(days=1)


class LoginThrottled(Exception):
    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.minutes = minutes


def normalize_email(email: str) -> str:
    return email.strip().lower()


# --- Login -------------------------------------------------------------------------------------


def login_wait_minutes(email: str, ip_address: str | None) -> int:
    """Minutes before this e-mail (or this IP) may try again; 0 when it may now."""
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginFailure.objects.recent()
    waits = [_wait_minutes(recent.filter(email=normalize_email(email)), limit)]
    if ip_address:
        waits.append(_wait_minutes(recent.filter(ip_address=ip_address), limit * IP_LIMIT_FACTOR))
    return max(waits)


def _wait_minutes(failures: QuerySet[LoginFailure], limit: int) -> int:
    if limit <= 0:
        return 0
    # The block lifts when the limit-th most recent failure leaves the window.
    blocking: list[datetime] = list(
        failures.order_by("-at").values_list("at", flat=True)[limit - 1 : limit]
    )
    if not blocking:
        return 0
    lifts_at = blocking[0] + timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    return max(1, math.ceil((lifts_at - timezone.now()).total_seconds() / 60))


def check_login(email: str, password: str, ip_address: str | None) -> User | None:
    """The user these credentials open, or None (a failure is recorded).

    Raises LoginThrottled before looking at the password, so that a correct one is refused too
    and the answer is the same whether or not the account exists.
    """
    email = normalize_email(email)
    wait = login_wait_minutes(email, ip_address)
    if wait:
        raise LoginThrottled(wait)
    user = authenticate(None, username=email, password=password)
    if user is None:
        with transaction.atomic():
            LoginFailure.objects.create(email=email, ip_address=ip_address)
            LoginFailure.objects.filter(at__lt=timezone.now() - LOGIN_FAILURE_RETENTION).delete()
        return None
    clear_login_failures(email)
    return user


def clear_login_failures(email: str) -> None:
    LoginFailure.objects.filter(email=normalize_email(email)).delete()


def record_password_change(user: User, *, reset: bool) -> None:
    """Call inside the transaction that saved the password."""
    action = "user.reset_password" if reset else "user.change_password"
    audit.record(user, action, user, fields=["password"])
    if reset:
        # Whoever holds the mailbox owns the account: let them in at once.
        clear_login_failures(user.email)


# --- A person's own data -----------------------------------------------------------------------


def update_person_data(actor: Any, person: Person, changes: Mapping[str, Any]) -> list[str]:
    """Apply ``changes`` to the fields of PERSON_DATA_FIELDS, ignore every other key."""
    require(person, actor, "change")
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        changed = [
            name
            for name in PERSON_DATA_FIELDS
            if name in changes and getattr(current, name) != changes[name]
        ]
        if changed:
            for name in changed:
                setattr(current, name, changes[name])
            current.save(update_fields=[*changed, "updated_at"])
            audit.record(actor, "person.update_data", current, fields=changed)
    for name in changed:
        setattr(person, name, getattr(current, name))
    return changed


def request_erasure(actor: Any, person: Person, reason: str = "") -> tuple[ErasureRequest, bool]:
    """The pending erasure request of ``person`` and whether this call created it."""
    require(person, actor, "request_erasure")
    with transaction.atomic():
        pending = ErasureRequest.objects.pending().filter(person=person).first()
        if pending is not None:
            return pending, False
        try:
            with transaction.atomic():
                erasure = ErasureRequest.objects.create(person=person, reason=reason.strip())
        except IntegrityError:  # a concurrent request won the race
            return ErasureRequest.objects.pending().get(person=person), False
        audit.record(actor, "erasure_request.create", erasure, person=str(person.pk))
    return erasure, True


def refuse_erasure_request(actor: Any, erasure: ErasureRequest) -> bool:
    """Close a pending request without anonymizing; False if it was not pending any more."""
    if not roles_of(actor).is_admin:
        raise PermissionDenied
    with transaction.atomic():
        updated = (
            ErasureRequest.objects.pending()
            .filter(pk=erasure.pk)
            .update(
                status=ErasureRequest.Status.REFUSED,
                processed_by=actor,
                processed_at=timezone.now(),
                updated_at=timezone.now(),
            )
        )
        if updated:
            erasure.refresh_from_db()
            audit.record(actor, "erasure_request.refuse", erasure, fields=["status"])
    return bool(updated)


# --- Anonymization ------------------------------------------------------------------------------


def anonymize_person(actor: Any, person: Person) -> None:
    """Wipe what identifies ``person``, keep their memberships and roles for the aggregates.

    Only a superuser may; anonymizing twice is harmless. The audit row names the fields, and the
    person's new (anonymous) name, never the old values.
    """
    if not roles_of(actor).is_admin:
        raise PermissionDenied
    with transaction.atomic():
        current = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
        )
        if current.anonymized_at is not None:
            return
        require(current, actor, "anonymize")
        now = timezone.now()
        user = current.user
        old_emails = {current.email.lower(), user.email if user else ""} - {""}
        current.first_name = ANONYMIZED_FIRST_NAME
        current.last_name = ANONYMIZED_LAST_NAME
        current.email = ""
        current.phone = ""
        current.anonymized_at = now
        current.user = None
        current.save()
        if user is not None:
            _disable_login(user)
        # Failed logins hold the address in clear.
        LoginFailure.objects.filter(email__in=old_emails).delete()
        # The reason is the person's own words and may name them.
        closed = (
            ErasureRequest.objects.pending()
            .filter(person=current)
            .update(
                status=ErasureRequest.Status.DONE,
                processed_by=actor,
                processed_at=now,
                reason="",
                updated_at=now,
            )
        )
        person_anonymized.send(sender=Person, person=current, actor=actor)
        audit.record(
            actor,
            "person.anonymize",
            current,
            fields=["first_name", "last_name", "email", "phone", "user", "anonymized_at"],
            erasure_requests_closed=closed,
        )
    person.refresh_from_db()


def _disable_login(user: User) -> None:
    # The row stays so the audit log still knows "who did what" (now pseudonymously).
    user.set_unusable_password()
    user.is_active = False
    user.email = f"anonyme-{uuid.uuid4().hex}@invalid"
    user.save(update_fields=["password", "is_active", "email"])
    forget_roles(user)
