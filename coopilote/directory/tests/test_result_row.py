"""{% result_row %} writes, to the byte, the row results.html wrote with template markup."""

from __future__ import annotations

import uuid

import pytest
from django.template import engines

from coopilote.core.models import Commune, Department, Sector
from coopilote.members.models import Cooperative

# The rows as results.html wrote them before {% result_row %} (the reference).
TEMPLATE_ROWS = """{% load i18n %}{% for cooperative, distance in results.rows %}
    <tr>
      <th scope="row"><a href="{% url 'members:cooperative' cooperative.pk %}">{{ cooperative.name }}</a></th>
      <td>{{ cooperative.family }}{% if cooperative.is_cae %} <span class="tag">{% translate "CAE" %}</span>{% endif %}</td>
      <td>{{ cooperative.sector|default:"—" }}</td>
      <td>{% if cooperative.commune %}{{ cooperative.commune.name }} <span class="muted">({{ cooperative.commune.department.name }})</span>{% else %}—{% endif %}</td>
      {% if results.sort == "distance" %}<td>{% blocktranslate with km=distance|floatformat:0 %}{{ km }} km{% endblocktranslate %}</td>{% endif %}
    </tr>
    {% endfor %}"""  # noqa: E501
TAG_ROWS = """{% load directory_results %}{% for cooperative, distance in results.rows %}
    {% result_row cooperative distance results.sort %}
    {% endfor %}"""


def cooperative(name: str, legal_status: str = "scop_sarl", **fields: object) -> Cooperative:
    return Cooperative(id=uuid.uuid4(), name=name, legal_status=legal_status, **fields)


RHONE = Department(code="69", name="Rhône <&>")
ROWS = [
    (
        cooperative(
            "Menuiserie « Les Monts » & fils <b>",
            is_cae=True,
            sector=Sector(slug="batiment", name="Bâtiment & <travaux>"),
            commune=Commune(code="69123", name='Lyon "centre"', department=RHONE),
        ),
        12.6,
    ),
    (cooperative("Filiale sans commune", legal_status="subsidiary"), 1234.4),
    (cooperative("Scic sans secteur", legal_status="scic_sas"), None),
]


class Results:
    def __init__(self, sort: str) -> None:
        self.rows, self.sort = ROWS, sort


@pytest.mark.parametrize("sort", ["pertinence", "nom", "distance"])
def test_the_python_row_is_the_template_row(sort: str) -> None:
    context = {"results": Results(sort)}
    reference = engines["django"].from_string(TEMPLATE_ROWS).render(context)
    assert engines["django"].from_string(TAG_ROWS).render(context) == reference
    assert "&lt;b&gt;" in reference and "<b>" not in reference
