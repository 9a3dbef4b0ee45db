"""core.links gives what reverse() gives, reversed once per URLconf and script prefix."""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from coopilote.core import links


@pytest.fixture
def below_a_path():
    set_script_prefix("/sous-chemin/")
    yield
    set_script_prefix("/")


@pytest.mark.parametrize("prefixed", [False, True])
def test_urls_are_the_ones_reverse_gives(prefixed: bool, request: pytest.FixtureRequest) -> None:
    if prefixed:
        request.getfixturevalue("below_a_path")
    pk = uuid.uuid4()
    assert links.url("directory:search") == reverse("directory:search")
    assert links.url("core:home") == reverse("core:home")
    assert links.url_for_pk("members:cooperative", pk) == reverse("members:cooperative", args=[pk])
    assert links.url("core:home").startswith("/sous-chemin/" if prefixed else "/")


def test_a_view_without_its_uuid_in_the_url_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        links.url_for_pk("core:home", uuid.uuid4())
