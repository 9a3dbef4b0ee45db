from __future__ import annotations

from pathlib import Path

import pytest

from coopilote.conftest import World
from coopilote.roadmap.models import Congress
from coopilote.roadmap.services import import_congress

SEED_PATH = Path(__file__).resolve().parent / "data" / "congres-2025.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture
def seed_bullets(seed_bytes: bytes) -> list[str]:
    """Every "- " line of the file, marker and line end removed, decoded: the expected texts."""
    return [line[2:].decode("utf-8") for line in seed_bytes.split(b"\n") if line.startswith(b"- ")]


@pytest.fixture
def congress(world: World, seed_bytes: bytes) -> Congress:
    report = import_congress(world.union, seed_bytes, world.user("staff"))
    assert report.congress is not None
    return report.congress
