"""Core's demo-data hook; what ``load_reference`` loads is tested in test_load_reference.py."""

from __future__ import annotations

import pytest

from coopilote.core import demo
from coopilote.core.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # A spy rather than the real load: the ~35,000 communes are loaded once, in the other module.
    made: list[str] = []
    monkeypatch.setattr(demo, "load_reference", lambda: made.append("load_reference"))
    return made


def test_demo_load_loads_the_reference_data_into_an_empty_database(calls: list[str]) -> None:
    assert not Region.objects.exists()
    demo.load(context=None)
    assert calls == ["load_reference"]


def test_demo_load_leaves_existing_territories_alone(calls: list[str]) -> None:
    Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    demo.load(context=None)
    assert calls == []


def test_demo_load_calls_the_real_loader() -> None:
    from coopilote.core.management.commands.load_reference import load_reference

    assert demo.load_reference is load_reference
