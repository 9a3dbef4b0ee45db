"""Demo hook: index the cooperatives the members hook has just created."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopilote.directory.services import refresh_entries

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext


def load(context: DemoContext) -> None:
    count = refresh_entries()
    context.say(f"Annuaire : {count} coopératives indexées.")
