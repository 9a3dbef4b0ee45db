"""Core's demo-data hook: the reference data every other app's demo rows point at."""

from __future__ import annotations

from coopilote.core.management.commands.load_reference import load_reference
from coopilote.core.models import Region


def load(context: object) -> None:
    # An existing database may carry a newer COG from refresh_territories: leave it as it is.
    if not Region.objects.exists():
        load_reference()
