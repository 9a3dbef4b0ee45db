"""The letter a union sends to the national direction after its congress.

Its body is compiled from the proposals of national scope and the roadmap's advocacy actions
(``services.letters.letter_body``); the salutation, introduction, conclusion and signatories
are the board's words, edited on the site. The default texts are French data, stored on each
letter when it is drafted, not interface strings.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.roadmap.models.plan import plan_abilities

DEFAULT_RECIPIENT = "Direction nationale de la CG Scop"
DEFAULT_SUBJECT = "Propositions de notre congrès régional pour l’échelon national"
DEFAULT_SALUTATION = "Mesdames et Messieurs les membres de la Direction nationale,"
DEFAULT_INTRODUCTION = (
    "Réunis en congrès régional{when}{where}, les coopératrices et coopérateurs de notre Union "
    "régionale ont travaillé sur les résolutions du texte d’orientation. Plusieurs de leurs "
    "propositions relèvent de l’échelon national\u00a0: notre conseil d’administration les a "
    "retenues et vous les transmet ci-dessous, classées par thème."
)
DEFAULT_CONCLUSION = (
    "Nous souhaitons que ces propositions nourrissent les travaux de la Direction nationale et "
    "restons à votre disposition pour en débattre, lors d’une prochaine rencontre ou d’un "
    "conseil national.\n"
    "Nous vous prions d’agréer, Mesdames et Messieurs, l’expression de nos salutations "
    "coopératives."
)
DEFAULT_PLACE = "Lyon"


class Letter(BaseModel):
    union = models.ForeignKey(
        "members.Union", on_delete=models.PROTECT, related_name="letters", verbose_name=_("union")
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("roadmap"),
    )
    congress = models.ForeignKey(
        "roadmap.Congress",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("congress"),
    )
    recipient = models.CharField(_("recipient"), max_length=200, default=DEFAULT_RECIPIENT)
    # Drafted from the confederation's address (``create_letter``), as the French layout puts it
    # under the recipient's name; one line per line.
    recipient_address = models.TextField(_("recipient's address"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, default=DEFAULT_SUBJECT)
    salutation = models.CharField(_("salutation"), max_length=300, default=DEFAULT_SALUTATION)
    introduction = models.TextField(_("introduction"), blank=True)
    conclusion = models.TextField(_("conclusion"), default=DEFAULT_CONCLUSION)
    # [{"name": "Jean Moreau", "title": "Coprésident·e"}, ...]: printed side by side.
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    place = models.CharField(_("place"), max_length=100, default=DEFAULT_PLACE)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(roadmap__isnull=False) | models.Q(congress__isnull=False),
                name="letter_has_a_roadmap_or_a_congress",
            )
        ]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    @property
    def recipient_address_lines(self) -> list[str]:
        return [line.strip() for line in self.recipient_address.splitlines() if line.strip()]

    def __str__(self) -> str:
        return f"{self.subject} ({self.union})"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:letter", args=[self.pk])

    @property
    def introduction_paragraphs(self) -> list[str]:
        return [line for line in self.introduction.split("\n") if line.strip()]

    @property
    def conclusion_paragraphs(self) -> list[str]:
        return [line for line in self.conclusion.split("\n") if line.strip()]

    @property
    def signatory_list(self) -> list[dict[str, str]]:
        return [
            {"name": str(entry.get("name", "")), "title": str(entry.get("title", ""))}
            for entry in self.signatories or []
            if isinstance(entry, dict) and entry.get("name")
        ]

    def abilities(self, user: Any) -> dict[str, bool]:
        abilities = plan_abilities(user, self.union_id, published=self.published)
        abilities["subscribe"] = False
        return abilities
