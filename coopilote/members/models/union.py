"""Unions (regional unions and the confederation), their bodies, staff and federations."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel, Department, Region
from coopilote.members.roles import roles_of


class UnionQuerySet(models.QuerySet["Union"]):
    def regional(self) -> UnionQuerySet:
        return self.filter(kind=Union.Kind.REGIONAL)

    def confederation(self) -> UnionQuerySet:
        return self.filter(kind=Union.Kind.CONFEDERATION)


class Union(BaseModel):
    """A regional union (UR) or the national confederation (CG Scop).

    Every union-scoped object of the later modules (congress, poll, roadmap...) points here.
    """

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("regional union")
        CONFEDERATION = "confederation", _("national confederation")

    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=40)
    slug = models.SlugField(_("identifier"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    regions = models.ManyToManyField(Region, blank=True, verbose_name=_("regions"))
    departments = models.ManyToManyField(Department, blank=True, verbose_name=_("départements"))
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Where people exercise their data rights and where letters come from: privacy notices
    # and letters print them.
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    postal_address = models.TextField(
        _("postal address"), blank=True, help_text=_("As printed on a letter, one line each.")
    )

    objects = UnionQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("union")
        verbose_name_plural = _("unions")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]

    @property
    def is_confederation(self) -> bool:
        return self.kind == self.Kind.CONFEDERATION

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        manage = roles.manages_union(self.pk)
        return {
            "view": True,
            "view_private": manage or roles.sits_on_board(self.pk),
            "change": manage,
            "switch_to": roles.belongs_to_union(self.pk),
        }


class Federation(BaseModel):
    """A sector federation of the movement (BTP, Industrie, Communication...)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = _("federation")
        verbose_name_plural = _("federations")

    def __str__(self) -> str:
        return self.short_name or self.name


class BodyQuerySet(models.QuerySet["Body"]):
    def of_union(self, union: Any) -> BodyQuerySet:
        """The union's own bodies (not those of its member cooperatives)."""
        return self.filter(union=union, cooperative=None)


class Body(BaseModel):
    """A body that decides: a union's board (CA), bureau, general assembly, a sociocratic circle or
    a working group — or the same in a member cooperative (``cooperative`` set).

    Circles nest (``parent``); sociocracy's double link is two roles held in the parent circle.
    """

    class Kind(models.TextChoices):
        BOARD = "board", _("board (CA)")
        BUREAU = "bureau", _("executive committee (bureau)")
        GENERAL_ASSEMBLY = "general_assembly", _("general assembly")
        CIRCLE = "circle", _("circle")
        WORKING_GROUP = "working_group", _("working group")

    # One board, one bureau, one general assembly per union (or per cooperative).
    SINGLE_KINDS = (Kind.BOARD, Kind.BUREAU, Kind.GENERAL_ASSEMBLY)

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="bodies")
    cooperative = models.ForeignKey(
        "members.Cooperative",
        on_delete=models.CASCADE,
        related_name="bodies",
        null=True,
        blank=True,
        verbose_name=_("cooperative"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        verbose_name=_("parent circle"),
    )

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["union", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "kind"],
                condition=models.Q(
                    cooperative=None, kind__in=["board", "bureau", "general_assembly"]
                ),
                name="one_body_of_each_kind",
            ),
            models.UniqueConstraint(
                fields=["cooperative", "kind"],
                condition=models.Q(kind__in=["board", "bureau", "general_assembly"]),
                name="one_cooperative_body_of_each_kind",
            ),
        ]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return f"{self.name} — {self.cooperative or self.union}"

    def abilities(self, user: Any) -> dict[str, bool]:
        """Bodies and who sits on them are public; their union's staff run them."""
        roles = roles_of(user)
        manage = roles.manages_union(self.union_id)
        if self.cooperative_id is not None:
            manage = manage or bool(
                roles.in_cooperative(self.cooperative_id) & {"manager", "referent"}
            )
        return {"view": True, "change": manage}


class BodySeatQuerySet(models.QuerySet["BodySeat"]):
    def current(self) -> BodySeatQuerySet:
        today = timezone.localdate()
        return self.filter(models.Q(end=None) | models.Q(end__gte=today)).filter(
            models.Q(start=None) | models.Q(start__lte=today)
        )


class BodySeat(BaseModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="body_seats"
    )
    title = models.CharField(
        _("job title"),
        max_length=80,
        blank=True,
        help_text=_("e.g. President, co-president, treasurer"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    objects = BodySeatQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "person"], name="one_seat_per_body")]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return f"{self.person} — {self.title or self.body.get_kind_display()}"


class UnionRole(BaseModel):
    """A staff or administrator role in one union; one in the confederation reaches across unions.

    Board membership is not a role here: it is a seat on the union's board body (``BodySeat``).
    """

    class Role(models.TextChoices):
        STAFF = "staff", _("union staff")
        ADMINISTRATOR = "administrator", _("union administrator")

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="union_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=80, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["union", "person", "role"], name="one_union_role")
        ]
        verbose_name = _("union role")
        verbose_name_plural = _("union roles")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.union})"
