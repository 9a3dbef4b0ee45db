"""Demo hook: index the cooperatives the members hook has just created, then give them their
human side (labels, photos, testimonials) and offers and needs between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopilote.directory import demo_board, demo_profile
from coopilote.directory.services import refresh_entries

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext


def load(context: DemoContext) -> None:
    count = refresh_entries()
    context.say(f"Annuaire : {count} coopératives indexées.")
    demo_profile.load(context)
    demo_board.load(context)
