from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(anonymized_at=None)

    def in_union(self, union_id: Any) -> PersonQuerySet:
        return self.filter(memberships__cooperative__union_id=union_id).distinct()


class Person(BaseModel):
    """A natural person: associate, employee, entrepreneur, staff or board member.

    A person may have no login (an imported associate); ``user`` links the one they use.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        is_self = roles.person_id is not None and roles.person_id == self.pk
        union_ids = roles.managed_union_ids()
        managed = roles.is_admin or bool(
            union_ids and self.memberships.filter(cooperative__union_id__in=union_ids).exists()
        )
        return {
            "view": is_self or managed,
            "change": is_self or managed,
            "export": is_self,
            "request_erasure": is_self and self.anonymized_at is None,
            "anonymize": roles.is_admin and self.anonymized_at is None,
        }
