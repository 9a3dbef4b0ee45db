"""The assemblies demo: a Scic's closed general assembly with results per college, and an
extraordinary one voting by secret ballot; loading it twice adds nothing."""

from __future__ import annotations

import pytest

from coopilote.governance import demo_assemblies
from coopilote.governance.models import Assembly, College
from coopilote.governance.models.assemblies import ResolutionBallot
from coopilote.governance.tests.demo_fixtures import demo_world

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_closed_and_an_open_assembly_of_a_scic(world):
    context = demo_world(world)
    demo_assemblies.load(context)
    closed = Assembly.objects.get(status=Assembly.Status.CLOSED)
    opened = Assembly.objects.get(status=Assembly.Status.OPEN)
    assert closed.body == opened.body and closed.body.cooperative.legal_status == "scic_sas"
    assert sum(c.weight for c in College.objects.filter(body=closed.body)) == 100
    results = [res.result for res in closed.resolutions.all()]
    assert results and all(result and result["weighted"] for result in results)
    assert opened.secret
    # The secret ballot names nobody.
    assert ResolutionBallot.objects.filter(resolution__assembly=opened).count() == 5
    assert not ResolutionBallot.objects.filter(
        resolution__assembly=opened, voter__isnull=False
    ).exists()
    demo_assemblies.load(context)
    assert Assembly.objects.count() == 2
