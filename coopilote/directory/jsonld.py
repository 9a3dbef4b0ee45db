"""schema.org ``Organization`` data for a cooperative's page (JSON-LD, read by search engines).

Built from what the public sees, whoever is viewing: an insider's page must not hand a private
address to a crawler through the cache. The postcode is private (``PRIVATE_FIELDS``) even when
the address is published, so an unpublished address leaves the commune and its région only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from coopilote.directory.models import Photo
from coopilote.members.models import Cooperative

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organization(
    cooperative: Cooperative, absolute: Callable[[str], str], photos: Iterable[Photo] = ()
) -> dict[str, Any]:
    shown = cooperative.shown_fields(view_private=False)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": cooperative.name,
        "url": absolute(cooperative.get_absolute_url()),
        "identifier": {"@type": "PropertyValue", "propertyID": "SIRET", "value": cooperative.siret},
        "keywords": [str(cooperative.get_legal_status_display())],
    }
    if cooperative.is_cae:
        data["keywords"].append("CAE")
    if cooperative.sector is not None:
        data["keywords"].append(cooperative.sector.name)
    if cooperative.description:
        data["description"] = cooperative.description
    if cooperative.creation_date:
        data["foundingDate"] = cooperative.creation_date.isoformat()
    address = _address(cooperative, shown)
    if address:
        data["address"] = address
    if "headcount" in shown and cooperative.headcount:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": cooperative.headcount}
    if "website" in shown and cooperative.website:
        data["sameAs"] = [cooperative.website]
    if "contact_email" in shown and cooperative.contact_email:
        data["email"] = cooperative.contact_email
    if "phone" in shown and cooperative.phone:
        data["telephone"] = cooperative.phone
    images = [absolute(photo.image.url) for photo in photos if photo.image]
    if images:
        data["image"] = images
    return data


def _address(cooperative: Cooperative, shown: frozenset[str]) -> dict[str, str]:
    address: dict[str, str] = {}
    if "address" in shown and cooperative.address:
        address["streetAddress"] = cooperative.address
    commune = cooperative.commune
    if commune is not None:
        address["addressLocality"] = commune.name
        address["addressRegion"] = commune.department.region.name
    if address:
        return {"@type": "PostalAddress", **address, "addressCountry": "FR"}
    return address


def script(data: dict[str, Any]) -> SafeString:
    """The data as a JSON-LD block: a data block, never executed, so the CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
