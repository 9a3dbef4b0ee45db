"""The regional roadmap (feuille de route): axes, actions and their milestones, progress.

A ``Roadmap`` has ``Axis``es; an axis holds ``Action``s; an action may have child actions, its
milestones, as deep as needed. Progress is entered on the leaves only and rolled up by weight
(``progress.build``, over the tree fetched in one query, never stored). Each action keeps the
congress proposals it came from (``proposals``, read both ways: ``proposal.actions``) and a
dated log of updates. Statuses are a list each roadmap configures (``ActionStatus``).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of

# Created with every roadmap; each roadmap then edits its own list (French data, not msgids).
DEFAULT_STATUSES = (
    ("À lancer", False, "status-todo"),
    ("En cours", False, "status-doing"),
    ("En pause", False, "status-paused"),
    ("Réalisée", True, "status-done"),
)


def plan_abilities(user: Any, union_id: Any, *, published: bool) -> dict[str, bool]:
    """What ``user`` may do with a union's roadmap (and its axes, actions, letters)."""
    roles = roles_of(user)
    edit = roles.manages_union(union_id) or roles.sits_on_board(union_id)
    view = published or edit or roles.oversees_union(union_id)
    return {
        "view": view,
        "change": edit,
        "export": view,
        "subscribe": view and roles.person_id is not None,
        "delete": roles.is_admin,
    }


class RoadmapQuerySet(models.QuerySet["Roadmap"]):
    def in_union(self, union: Any) -> RoadmapQuerySet:
        return self.filter(union=union)

    def published(self) -> RoadmapQuerySet:
        return self.filter(published=True)

    def visible_to(self, user: Any, union: Any) -> RoadmapQuerySet:
        if plan_abilities(user, union.pk, published=False)["view"]:
            return self.in_union(union)
        return self.in_union(union).published()


class Roadmap(BaseModel):
    union = models.ForeignKey(
        "members.Union", on_delete=models.PROTECT, related_name="roadmaps", verbose_name=_("union")
    )
    congress = models.ForeignKey(
        "roadmap.Congress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmaps",
        verbose_name=_("congress"),
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    published = models.BooleanField(_("published"), default=False)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:roadmap", args=[self.pk])

    @property
    def intro_paragraphs(self) -> list[str]:
        return [line for line in self.intro.split("\n") if line.strip()]

    def abilities(self, user: Any) -> dict[str, bool]:
        return plan_abilities(user, self.union_id, published=self.published)


class Axis(BaseModel):
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="axes", verbose_name=_("roadmap")
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    def __str__(self) -> str:
        return self.title


class ActionStatus(BaseModel):
    """One step of a roadmap's own list of statuses, with the badge colour it shows."""

    class Colour(models.TextChoices):
        TODO = "status-todo", _("grey")
        DOING = "status-doing", _("blue")
        PAUSED = "status-paused", _("amber")
        DONE = "status-done", _("green")
        DROPPED = "status-dropped", _("red")

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("roadmap")
    )
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_done = models.BooleanField(_("means done"), default=False)
    colour = models.CharField(
        _("colour"), max_length=20, choices=Colour.choices, default=Colour.TODO
    )

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "name"], name="one_status_name_per_roadmap")
        ]
        verbose_name = _("action status")
        verbose_name_plural = _("action statuses")

    def __str__(self) -> str:
        return self.name


class ActionQuerySet(models.QuerySet["Action"]):
    def in_roadmap(self, roadmap: Any) -> ActionQuerySet:
        return self.filter(axis__roadmap=roadmap)

    def for_tree(self) -> ActionQuerySet:
        """Every field the roadmap page, its exports and the roll-up read: one query."""
        return self.select_related("axis", "status", "owner_body", "owner_person").order_by(
            "axis__order", "order", "created_at"
        )

    def for_dates(self) -> ActionQuerySet:
        """What the rule between an action's dates and its milestones' reads: one query."""
        return self.only("pk", "parent", "title", "start", "due")


class Action(BaseModel):
    class Owner(models.TextChoices):
        BODY = "body", _("a body of the union")
        PERSON = "person", _("a person")
        STAFF = "staff", _("the union's staff")

    class Scope(models.TextChoices):
        REGIONAL = "regional", _("regional action")
        ADVOCACY = "advocacy", _("advocacy to the national direction")

    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, related_name="actions", verbose_name=_("axis")
    )
    # A child action is a milestone of its parent; the parent's progress is rolled up from them.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("part of"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    proposals = models.ManyToManyField(
        "roadmap.Proposal",
        blank=True,
        related_name="actions",
        verbose_name=_("source proposals"),
    )
    owner_kind = models.CharField(
        _("led by"), max_length=10, choices=Owner.choices, default=Owner.STAFF
    )
    owner_body = models.ForeignKey(
        "members.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_actions",
        verbose_name=_("body"),
    )
    owner_person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_actions",
        verbose_name=_("person"),
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.REGIONAL
    )
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    # RESTRICT: a status in use is not deleted, except along with its roadmap and actions.
    status = models.ForeignKey(
        ActionStatus, on_delete=models.RESTRICT, related_name="actions", verbose_name=_("status")
    )
    # Entered on leaves only; None on a parent, whose progress is computed from its children.
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much this action counts in its parent's or axis's progress."),
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="action_progress_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="action_weight_positive"
            ),
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:action", args=[self.pk])

    @property
    def owner_label(self) -> str:
        if self.owner_kind == self.Owner.BODY and self.owner_body is not None:
            return self.owner_body.name
        if self.owner_kind == self.Owner.PERSON and self.owner_person is not None:
            return str(self.owner_person)
        return str(self.Owner.STAFF.label) if self.owner_kind == self.Owner.STAFF else ""

    def abilities(self, user: Any) -> dict[str, bool]:
        roadmap = self.axis.roadmap
        return plan_abilities(user, roadmap.union_id, published=roadmap.published)


class ActionUpdate(BaseModel):
    """A dated line of an action's log: what happened, and the progress it left."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    # Empty when only the progress changed: pages then say so in the reader's language.
    text = models.TextField(_("text"), max_length=4000, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.date} — {self.action}"


class Subscription(BaseModel):
    """A person follows a roadmap: a digest of its updates since the last one, by e-mail."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="roadmap_subscriptions",
        verbose_name=_("person"),
    )
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("roadmap")
    )
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "roadmap"], name="one_subscription")
        ]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.person} — {self.roadmap}"
