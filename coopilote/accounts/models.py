from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        _("back-office access"), default=False,
        help_text=_("Can log into the back office (union staff and administrators)."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

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


class LoginFailure(models.Model):
    """Failed logins, kept in the database so throttling holds across server processes."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
