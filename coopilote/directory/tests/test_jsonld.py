"""The schema.org Organization of a cooperative's page: public data only, safely embedded."""

from __future__ import annotations

import datetime
import json
import re

from coopilote.directory import jsonld
from coopilote.members.tests.factories import CooperativeFactory


def absolute(path: str) -> str:
    return f"https://coopilote.example{path}"


def test_a_description_cannot_close_the_script_element(db):
    cooperative = CooperativeFactory(description="Nous </script><script>alert(1)</script> & co")
    block = jsonld.script(jsonld.organization(cooperative, absolute))
    assert block.count("</script>") == 1 and block.endswith("</script>")
    body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', block, re.S)
    assert body is not None
    assert json.loads(body.group(1))["description"] == cooperative.description


def test_published_fields_are_described_and_identity_is_always_there(db):
    cooperative = CooperativeFactory(
        name="Les Charpentiers",
        address="3 place du Marché",
        postcode="69002",
        headcount=24,
        website="https://charpentiers.example",
        creation_date=datetime.date(1984, 5, 2),
        public_fields=["address", "headcount", "website"],
    )
    data = jsonld.organization(cooperative, absolute)
    assert data["@type"] == "Organization" and data["name"] == "Les Charpentiers"
    assert data["url"] == absolute(cooperative.get_absolute_url())
    assert data["identifier"]["value"] == cooperative.siret
    assert data["foundingDate"] == "1984-05-02"
    assert data["numberOfEmployees"]["value"] == 24
    assert data["address"]["streetAddress"] == "3 place du Marché"
    assert "postalCode" not in data["address"]  # private, even with the address published
    assert "69002" not in json.dumps(data)
    assert data["sameAs"] == ["https://charpentiers.example"]


def test_nothing_unpublished_reaches_the_data(db):
    cooperative = CooperativeFactory(
        address="3 place du Marché",
        headcount=24,
        phone="04 00 00 00 00",
        contact_email="bonjour@charpentiers.example",
        website="https://charpentiers.example",
        public_fields=[],
    )
    text = json.dumps(jsonld.organization(cooperative, absolute))
    for secret in ("place du Marché", "04 00", "bonjour@", "charpentiers.example", "numberOf"):
        assert secret not in text, secret
