"""Roles in bodies, the mandates that fill them (one or several holders: co-presidency) and the
holders' public declarations of interests."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of


def manages_body(user: Any, body: Any) -> bool:
    """A body is run by its union's staff, or by its cooperative's managers."""
    roles = roles_of(user)
    if roles.manages_union(body.union_id):
        return True
    return body.cooperative_id is not None and bool(
        roles.in_cooperative(body.cooperative_id) & {"manager", "referent"}
    )


class Role(BaseModel):
    """A role defined in a body: its purpose, its term, how many people hold it together."""

    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="roles", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=120)
    purpose = models.TextField(_("purpose and accountabilities"), blank=True)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=24)
    holders = models.PositiveSmallIntegerField(
        _("number of holders"),
        default=1,
        help_text=_("2 or more for a co-held role such as a co-presidency."),
    )

    class Link(models.TextChoices):
        NONE = "", _("not a link")
        LEAD = "lead", _("lead link")
        REP = "rep", _("representative link")

    # Sociocracy's double link: two roles of the parent circle that link it to a child circle.
    link = models.CharField(_("link"), max_length=10, choices=Link.choices, blank=True)
    linked_circle = models.ForeignKey(
        "members.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
        verbose_name=_("linked circle"),
    )
    represents_the_living = models.BooleanField(
        _("representative of the living"),
        default=False,
        help_text=_("Objections of this role's holders are recorded as the voice of the living."),
    )

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    @property
    def is_co_held(self) -> bool:
        return self.holders > 1

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": True, "change": manages_body(user, self.body)}


class MandateQuerySet(models.QuerySet["Mandate"]):
    def current(self, day: Any = None) -> MandateQuerySet:
        day = day or timezone.localdate()
        return self.filter(start__lte=day).filter(
            models.Q(ended_on=None, end__gte=day) | models.Q(ended_on__gt=day)
        )

    def past(self, day: Any = None) -> MandateQuerySet:
        day = day or timezone.localdate()
        return self.filter(models.Q(ended_on__lte=day) | models.Q(ended_on=None, end__lt=day))

    def of_union(self, union: Any) -> MandateQuerySet:
        return self.filter(role__body__union=union)

    def for_register(self) -> MandateQuerySet:
        return self.select_related("role__body__cooperative", "role__body__union").prefetch_related(
            "holders"
        )


class Mandate(BaseModel):
    """A role held from ``start`` to ``end`` by one person or, jointly, by several."""

    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("role")
    )
    holders = models.ManyToManyField(
        "members.Person", related_name="mandates", verbose_name=_("holders")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end of term"))
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    election = models.OneToOneField(
        "governance.Election",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandate",
        verbose_name=_("election"),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return f"{self.role} ({self.start:%d/%m/%Y} – {self.end:%d/%m/%Y})"

    def holder_names(self) -> str:
        """« A », « A et B », « A, B et C »: the holders in their (prefetched) order."""
        names = [str(person) for person in sorted(self.holders.all(), key=_person_order)]
        if len(names) <= 1:
            return "".join(names)
        return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}

    def is_current(self, day: Any = None) -> bool:
        day = day or timezone.localdate()
        if self.start > day:
            return False
        return self.ended_on > day if self.ended_on else self.end >= day

    @property
    def is_co_held(self) -> bool:
        return len(self.holders.all()) > 1

    def abilities(self, user: Any) -> dict[str, bool]:
        # The register of who holds what is public.
        return {"view": True, "change": manages_body(user, self.role.body)}


def _person_order(person: Any) -> tuple[str, str]:
    return (person.last_name.lower(), person.first_name.lower())


class InterestDeclaration(BaseModel):
    """A mandate holder's public declaration of interests (or that they declare none)."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="interest_declarations",
        verbose_name=_("person"),
    )
    mandate = models.ForeignKey(
        Mandate,
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("mandate"),
    )
    interests = models.TextField(
        _("interests"),
        blank=True,
        help_text=_("Other mandates, shareholdings, family or business links that may matter."),
    )
    nothing_to_declare = models.BooleanField(_("nothing to declare"), default=False)
    declared_on = models.DateField(_("declared on"), default=timezone.localdate)

    class Meta:
        ordering = ["-declared_on"]
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")

    def __str__(self) -> str:
        return f"{self.person} — {self.mandate.role}"

    def abilities(self, user: Any) -> dict[str, bool]:
        own = roles_of(user).person_id == self.person_id
        return {"view": True, "change": own or manages_body(user, self.mandate.role.body)}
