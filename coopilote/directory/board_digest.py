"""The board's e-mail digest: each cooperative hears of the new posts that concern it.

A post concerns a cooperative when the matching algorithm finds the same activity (sector or
NAF division) — or, for a shared support function, any activity — and it is near. Each post
sent is remembered (``PostDelivery``), so running the digest twice sends nothing new.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from coopilote.algorithms import matching
from coopilote.core import mail
from coopilote.core.audit import record
from coopilote.directory.board import cooperative_profile, explain, post_profile, sector_names
from coopilote.directory.models import Post
from coopilote.directory.models.board import SUPPORT_FUNCTIONS, PostDelivery
from coopilote.members import roles as r
from coopilote.members.models import Cooperative, Membership

DAYS = 14
DIGEST_KM = 100
MAX_POSTS = 20


@dataclass
class DigestReport:
    messages: int = 0
    posts: int = 0


@dataclass
class Item:
    post: Post
    url: str
    explanation: str
    score: float


def concerns(post: Post, reasons: tuple[matching.Reason, ...]) -> bool:
    kinds = {reason.kind for reason in reasons}
    related = bool(kinds & {"same_sector", "naf"}) or post.category in SUPPORT_FUNCTIONS
    near = "same_department" in kinds or any(
        reason.kind == "distance" and (reason.km or 0) <= DIGEST_KM for reason in reasons
    )
    return related and near


def recipients_by_cooperative() -> dict[Any, list[str]]:
    """Referents and managers (current, not anonymised) of each active cooperative."""
    found: dict[Any, list[str]] = defaultdict(list)
    rows = (
        Membership.objects.current()
        .filter(role__in=r.EDITOR_ROLES, person__anonymized_at=None, cooperative__is_active=True)
        .exclude(person__email="")
        .order_by("person__email")
        .values_list("cooperative_id", "person__email")
    )
    for cooperative_id, email in rows:
        if email.lower() not in {known.lower() for known in found[cooperative_id]}:
            found[cooperative_id].append(email)
    return found


def send_digests(
    *, base_url: str, now: datetime.datetime | None = None, days: int = DAYS
) -> DigestReport:
    """E-mail each cooperative the open posts of the last ``days`` days that concern it and
    that it has not received yet."""
    now = now or timezone.now()
    posts = list(
        Post.objects.open(now.date())
        .filter(created_at__gte=now - datetime.timedelta(days=days))
        .for_listing()
        .select_related("cooperative__sector")
        .order_by("-created_at")
    )
    report = DigestReport()
    if not posts:
        return report
    profiles = [(post, post_profile(post)) for post in posts]
    # A shared sector is the post's own: the posts (sectors selected) name them all, while the
    # cooperatives are read without theirs.
    sectors = sector_names(posts)
    post_words = {post.pk: matching.words(profile.text) for post, profile in profiles}
    delivered: set[tuple[Any, Any]] = set(
        PostDelivery.objects.filter(post__in=posts).values_list("cooperative_id", "post_id")
    )
    recipients = recipients_by_cooperative()
    cooperatives = Cooperative.objects.active().select_related("commune").order_by("name")
    for cooperative in cooperatives.iterator(chunk_size=500):
        to = list(recipients.get(cooperative.pk, []))
        if cooperative.contact_email and cooperative.contact_email.lower() not in {
            address.lower() for address in to
        }:
            to.append(cooperative.contact_email)
        if not to:
            continue
        mine = cooperative_profile(cooperative)
        mine_words = matching.words(mine.text)
        items: list[Item] = []
        for post, profile in profiles:
            if post.cooperative_id == cooperative.pk or (cooperative.pk, post.pk) in delivered:
                continue
            suggestion = matching.score(
                profile, mine, reference_words=post_words[post.pk], candidate_words=mine_words
            )
            if concerns(post, suggestion.reasons):
                url = base_url.rstrip("/") + reverse("directory:post", args=[post.pk])
                explanation = explain(suggestion.reasons, sectors=sectors)
                items.append(Item(post, url, explanation, suggestion.score))
        if items:
            items.sort(key=lambda item: (-item.score, item.post.title))
            _send(cooperative, to, items[:MAX_POSTS], base_url)
            report.messages += 1
            report.posts += len(items[:MAX_POSTS])
    return report


def _send(cooperative: Cooperative, to: list[str], items: list[Item], base_url: str) -> None:
    """One e-mail, the deliveries and the audit row, together: the e-mail is handed to the
    worker in the same transaction (``core.mail.send``), so it leaves once they are written."""
    context = {
        "cooperative": cooperative,
        "items": items,
        "board_url": base_url.rstrip("/") + reverse("directory:board"),
    }
    with translation.override("fr"), transaction.atomic():
        message = EmailMultiAlternatives(
            subject=mail.render_subject("directory/email/board_digest_subject.txt", context),
            body=render_to_string("directory/email/board_digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
        )
        message.attach_alternative(
            render_to_string("directory/email/board_digest.html", context), "text/html"
        )
        PostDelivery.objects.bulk_create(
            [PostDelivery(post=item.post, cooperative=cooperative) for item in items],
            ignore_conflicts=True,
        )
        record(None, "post.digest", cooperative, posts=len(items), recipients=len(to))
        mail.send([message])
