"""Polls with a secret ballot: who may vote, who voted, and the ballots, kept apart.

The émargement (``Participation``) names the voter and the day; the ballot (``Ballot`` and its
``BallotGrade`` rows) names neither and carries no time, only the hash of the receipt handed to
the voter. Nothing but the database's physical row order could link the two, and no page,
export or log shows it (exports are shuffled, receipt hashes sorted).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of
from coopilote.voting.secrecy import AnonymousBallot, Emargement

# Stored on each poll as data, not translated: a poll keeps the words its voters saw.
FRENCH_GRADES = [
    "À rejeter",
    "Insuffisant",
    "Passable",
    "Assez bien",
    "Bien",
    "Très bien",
    "Excellent",
]


def default_grades() -> list[str]:
    return list(FRENCH_GRADES)


class Method(models.TextChoices):
    MAJORITY_JUDGMENT = "majority_judgment", _("majority judgment")


class Electorate(models.TextChoices):
    MEMBERS = "members", _("members of the union's member cooperatives")
    LIST = "list", _("an imported list of people")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    # Opened (electorate frozen, electors told) before its opening date.
    SCHEDULED = "scheduled", _("opening soon")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


def union_poll_abilities(user: Any, union_id: Any) -> dict[str, bool]:
    """What ``user`` may do with the polls of one union, whatever the poll.

    Cached on the user object (like ``roles_of``) so a list of polls costs one lookup.
    """
    cache: dict[Any, dict[str, bool]] | None = getattr(user, "_poll_abilities", None)
    if cache is None:
        cache = {}
        if user is not None:
            user._poll_abilities = cache
    if union_id not in cache:
        cache[union_id] = _union_poll_abilities(user, union_id)
    return cache[union_id]


def _union_poll_abilities(user: Any, union_id: Any) -> dict[str, bool]:
    roles = roles_of(user)
    manage = roles.manages_union(union_id) or roles.sits_on_board(union_id)
    return {
        "create": manage,
        "manage": manage,
        "oversee": manage or roles.oversees_union(union_id),
        "member": _is_member_of(roles, union_id),
    }


def _is_member_of(roles: Any, union_id: Any) -> bool:
    if not roles.cooperatives:
        return False
    from coopilote.members.models import Cooperative

    return Cooperative.objects.filter(pk__in=roles.cooperatives.keys(), union_id=union_id).exists()


class PollQuerySet(models.QuerySet["Poll"]):
    def in_union(self, union: Any) -> PollQuerySet:
        return self.filter(union=union)

    def with_status(self) -> PollQuerySet:
        """Annotate ``db_status``, read from the database clock rather than the web server's."""
        return self.annotate(
            db_status=Case(
                When(electorate_frozen_at=None, then=Value(Status.DRAFT.value)),
                When(closes_at__lte=Now(), then=Value(Status.CLOSED.value)),
                When(opens_at__gt=Now(), then=Value(Status.SCHEDULED.value)),
                default=Value(Status.OPEN.value),
                output_field=models.CharField(),
            )
        )

    def open_now(self) -> PollQuerySet:
        return self.filter(
            electorate_frozen_at__isnull=False, opens_at__lte=Now(), closes_at__gt=Now()
        )

    def closing_within(self, hours: int) -> PollQuerySet:
        deadline = Now() + datetime.timedelta(hours=hours)
        return self.open_now().filter(closes_at__lte=deadline)

    def due_for_publication(self) -> PollQuerySet:
        return self.filter(
            electorate_frozen_at__isnull=False, closes_at__lte=Now(), results_published_at=None
        )

    def for_listing(self) -> PollQuerySet:
        return self.with_status().select_related("union").order_by("-closes_at", "title")


class Poll(BaseModel):
    union = models.ForeignKey(
        "members.Union", on_delete=models.PROTECT, related_name="polls", verbose_name=_("union")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(
        _("method"), max_length=30, choices=Method.choices, default=Method.MAJORITY_JUDGMENT
    )
    grades = models.JSONField(_("grades"), default=default_grades)
    electorate = models.CharField(
        _("electorate"), max_length=20, choices=Electorate.choices, default=Electorate.MEMBERS
    )
    opens_at = models.DateTimeField(_("opens at"))
    # Moved earlier when the poll is closed before its planned end.
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    electorate_frozen_at = models.DateTimeField(_("electorate frozen at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    # The tally published at closing; recount compares the ballots with it.
    results_snapshot = models.JSONField(_("published results"), null=True, blank=True)
    reminders_sent_at = models.DateTimeField(_("reminders sent at"), null=True, blank=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="poll_closes_after_opening"
            )
        ]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voting:poll", args=[self.pk])

    @property
    def status(self) -> str:
        """The database's verdict when the row was read ``with_status()``; else the web clock.

        The web clock only serves display: every decision (casting, closing) asks the database.
        """
        annotated = getattr(self, "db_status", None)
        if annotated:
            return str(annotated)
        now = timezone.now()
        if self.electorate_frozen_at is None:
            return Status.DRAFT
        if self.closes_at <= now:
            return Status.CLOSED
        if self.opens_at > now:
            return Status.SCHEDULED
        return Status.OPEN

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None

    def grade_label(self, grade: int | None) -> str:
        if grade is None or not 0 <= grade < len(self.grades):
            return ""
        return str(self.grades[grade])

    def is_elector(self, person_id: Any) -> bool:
        if person_id is None:
            return False
        known: dict[Any, bool] = self.__dict__.setdefault("_electors_known", {})
        if person_id not in known:
            known[person_id] = self.electors.filter(person_id=person_id).exists()
        return known[person_id]

    @staticmethod
    def know_electors(polls: list[Poll], person_id: Any) -> None:
        """Answer ``is_elector(person_id)`` for many polls with one query (poll lists)."""
        if person_id is None:
            return
        mine = set(
            Elector.objects.filter(poll__in=polls, person_id=person_id).values_list(
                "poll_id", flat=True
            )
        )
        for poll in polls:
            poll.__dict__.setdefault("_electors_known", {})[person_id] = poll.pk in mine

    def abilities(self, user: Any) -> dict[str, bool]:
        union = union_poll_abilities(user, self.union_id)
        status = self.status
        person_id = roles_of(user).person_id
        draft = status == Status.DRAFT
        elector = not draft and self.is_elector(person_id)
        insider = union["oversee"] or union["member"] or elector
        return {
            "view": union["oversee"] or (not draft and (insider or self.is_published)),
            "change": union["manage"] and draft,
            "open": union["manage"] and draft,
            # Closing publishes the results: early (open) or once the deadline has passed.
            "close": union["manage"]
            and status in (Status.OPEN, Status.CLOSED)
            and not self.is_published,
            "vote": elector and status == Status.OPEN,
            "results": self.is_published,
            "export": self.is_published,
            # Who voted stays unseen while the vote runs: nobody may press the latecomers.
            "view_participation": union["oversee"] and status == Status.CLOSED,
            "view_electorate": union["oversee"],
            "check_receipt": self.is_published,
        }


class PollOption(BaseModel):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll")
    )
    label = models.CharField(_("label"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # What the option stands for elsewhere ("roadmap.proposal" + its key), without a generic FK.
    source_type = models.CharField(_("source type"), max_length=100, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)

    class Meta:
        ordering = ["poll", "order", "label"]
        indexes = [models.Index(fields=["source_type", "source_id"])]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.poll.abilities(user)


class Elector(BaseModel):
    """One person allowed to vote; the list is frozen when the poll opens."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="electors", verbose_name=_("poll")
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="poll_electors",
        verbose_name=_("person"),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="one_elector_row")]
        verbose_name = _("elector")
        verbose_name_plural = _("electors")

    def __str__(self) -> str:
        return f"{self.person} — {self.poll}"

    def abilities(self, user: Any) -> dict[str, bool]:
        poll = self.poll.abilities(user)
        return {"view": poll["view_electorate"]}


class Participation(Emargement):
    """The émargement: this person voted in this poll on this day (see ``secrecy.Emargement``)."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="participations", verbose_name=_("poll")
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="poll_participations",
        verbose_name=_("person"),
    )

    class Meta:
        constraints = [
            # The last line of defence against a double vote, whatever the concurrency.
            models.UniqueConstraint(fields=["poll", "person"], name="one_vote_per_person")
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.person} — {self.poll}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": self.poll.abilities(user)["view_participation"]}


class Ballot(AnonymousBallot):
    """An anonymous ballot: a random key, its poll and the hash of its receipt; nothing else.

    No voter, no time, no sequence number (the key is random) — see the module docstring.
    """

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("poll")
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.pk)

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": self.poll.abilities(user)["export"]}


class BallotGrade(models.Model):
    """One grade of one ballot: rows, so the database counts a profile with one GROUP BY."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="grades", verbose_name=_("ballot")
    )
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="grades", verbose_name=_("option")
    )
    grade = models.PositiveSmallIntegerField(_("grade"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="one_grade_per_option")
        ]
        indexes = [models.Index(fields=["option", "grade"])]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self) -> str:
        return f"{self.option}: {self.grade}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.ballot.abilities(user)
