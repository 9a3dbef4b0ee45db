"""The governance home: one entry per tool, in the order a body meets them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = (
    (
        "governance:register",
        _("Bodies and mandates"),
        _("Who holds which role, since when, until when; declarations of interests."),
    ),
    (
        "governance:proposal_list",
        _("Consent decisions"),
        _("Proposals, clarifying questions, reactions, consent rounds and objections."),
    ),
    (
        "governance:election_list",
        _("Elections without candidates"),
        _("Nominations with reasons, change round, proposal and consent."),
    ),
    (
        "governance:assembly_list",
        _("General assemblies"),
        _("Resolutions, Scic colleges, proxies, quorum, minutes."),
    ),
    (
        "governance:rule_list",
        _("Internal rules and charters"),
        _("Versions, amendments and their decisions."),
    ),
    (
        "governance:accountability",
        _("Accountability register"),
        _("Who decides, executes, is accountable, to whom."),
    ),
    (
        "governance:practice_list",
        _("Governance practices"),
        _("What cooperatives tried, what worked, what did not."),
    ),
    (
        "governance:convention_list",
        _("Citizen conventions"),
        _("Panels drawn by a fair lottery that anyone can re-run."),
    ),
)


def context(request: HttpRequest) -> dict[str, Any]:
    return {
        "sections": [
            {"url": reverse(url_name), "title": title, "text": text}
            for url_name, title, text in SECTIONS
        ]
    }
