"""Demo data of the elections without candidates: the CA elects its co-presidency (two people
together). The nomination round is open; several members have already nominated (sealed), the
demo's board logins have not. Two more board members get a login for the demo."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from coopilote.accounts.models import User
from coopilote.governance.models import Election, Nomination, Role
from coopilote.governance.services.mandates import term_end
from coopilote.members.demo.accounts import DOMAIN
from coopilote.members.models import Body, BodySeat, Person, UnionRole

CO_PRESIDENCY = "Co-présidence"
# (login, label printed by seed_demo, seat title of the board member who gets it)
BOARD_LOGINS = [
    ("ca-tresorerie", "Membre du CA (trésorerie)", "Trésorier·e"),
    ("ca-secretariat", "Membre du CA (secrétariat)", "Secrétaire"),
]
REASONS = [
    "Connaît toutes les coopératives du territoire et sait écouter.",
    "Pour la continuité avec le mandat précédent, qui s’est bien passé.",
    "Pour sa rigueur et son calme quand les débats se tendent.",
    "A porté la transmission de trois entreprises en Scop : une expérience précieuse.",
    "Fait le lien avec les Scic et les collectivités.",
    "",
]


def _login(context: Any, person: Person, login: str, label: str) -> None:
    email = f"{login}@{DOMAIN}"
    if person.user_id is None and not User.objects.filter(email=email).exists():
        person.user = User.objects.create_user(email, context.password)
        person.email = email
        person.save(update_fields=["user", "email", "updated_at"])
    context.logins.append((label, email))


def load(context: Any) -> None:
    union = context.union
    if union is None:
        return
    board = Body.objects.get(union=union, cooperative=None, kind=Body.Kind.BOARD)
    seats = list(
        BodySeat.objects.filter(body=board).select_related("person").order_by("created_at", "id")
    )
    facilitator = (
        UnionRole.objects.filter(union=union, role=UnionRole.Role.STAFF)
        .select_related("person")
        .order_by("created_at")
        .first()
    )
    if facilitator is None or len(seats) < 10:
        return
    # The board member who already logs in (the demo's "ca"), before two more get a login.
    jean = next((s.person for s in seats if s.person.user_id is not None), seats[-1].person)
    for login, label, title in BOARD_LOGINS:
        seat = next((s for s in seats if s.title == title and s.person.user_id is None), None)
        if seat is not None:
            _login(context, seat.person, login, label)
    role, _ = Role.objects.get_or_create(
        body=board,
        name=CO_PRESIDENCY,
        defaults={
            "holders": 2,
            "term_months": 36,
            "purpose": "Représenter l’Union, animer le conseil d’administration, signer "
            "ensemble les engagements de l’Union.",
        },
    )
    today = timezone.localdate()
    election = Election.objects.create(
        body=board,
        role=role,
        term_start=today,
        term_end=term_end(role, today),
        facilitator=facilitator.person,
        deadline=timezone.now() + datetime.timedelta(days=14),
    )
    # The members without a login have nominated already (sealed until the reveal): most of
    # them converge on two people, one nominates no one.
    silent = [s.person for s in seats if s.person.user_id is None and s.person != jean]
    favourite = silent[6]
    for index, nominator in enumerate(silent[:6]):
        nominee = [favourite, jean, favourite, jean, favourite, None][index]
        Nomination.objects.create(
            election=election,
            step=Nomination.Step.NOMINATION,
            nominator=nominator,
            nominee=nominee,
            reason=REASONS[index] if nominee else "",
        )
    context.say("Gouvernance : élection sans candidat de la co-présidence du CA (nominations).")
