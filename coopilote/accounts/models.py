from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. The natural person behind it (name, memberships) is ``members.Person``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("back-office access"),
        default=False,
        help_text=_("Can log into the back office (union staff and administrators)."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        person = getattr(self, "person", None)
        return str(person) if person else self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        person = getattr(self, "person", None)
        return person.first_name if person else self.email


class LoginFailureQuerySet(models.QuerySet["LoginFailure"]):
    def recent(self) -> LoginFailureQuerySet:
        window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
        return self.filter(at__gte=timezone.now() - window)

    def expired(self) -> LoginFailureQuerySet:
        window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
        return self.filter(at__lt=timezone.now() - window)


class LoginFailure(models.Model):
    """Failed logins, kept in the database so throttling holds across server processes."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        # The throttle counts the recent failures of one e-mail, or of one IP address.
        indexes = [
            models.Index(fields=["email", "at"], name="loginfailure_email_at"),
            models.Index(fields=["ip_address", "at"], name="loginfailure_ip_at"),
        ]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class ErasureRequestQuerySet(models.QuerySet["ErasureRequest"]):
    def pending(self) -> ErasureRequestQuerySet:
        return self.filter(status=ErasureRequest.Status.PENDING)


class ErasureRequest(BaseModel):
    """A person asks to be erased (GDPR art. 17); an administrator anonymizes or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("processed by"),
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # Two clicks, or two tabs, must not queue the same request twice.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_request",
            )
        ]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self) -> str:
        # No name: this text is copied into the append-only audit log, which outlives erasure.
        return f"{_('erasure request')} {self.requested_at:%Y-%m-%d}"
