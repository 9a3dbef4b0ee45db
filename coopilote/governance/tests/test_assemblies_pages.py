"""What the general-assembly pages say, as a member or the staff reads them: closing the vote
early with its figures, no receipt for an open ballot, French numbers and times, a way back
from every form."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coopilote.core.templatetags.french import french_date
from coopilote.governance.models import Assembly
from coopilote.governance.models.assemblies import ResolutionBallot
from coopilote.governance.services import assemblies as services
from coopilote.governance.tests.assemblies_fixtures import (
    SCIC_COLLEGES,
    general_assembly,
    make_assembly,
    member,
    resolution,
    scic,
)
from coopilote.governance.tests.conftest import client_of
from coopilote.members import roles as r

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop(union):
    return scic(union)


@pytest.fixture
def ga(coop):
    return general_assembly(coop)


@pytest.fixture
def manager(coop):
    return member(coop, r.REFERENT)


def page(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


# --- closing the vote early -----------------------------------------------------------------------


def test_closing_early_says_who_voted_whether_the_quorum_holds_and_the_planned_closing(ga, manager):
    assembly, roll = make_assembly(ga, {"": 4}, quorum=Decimal(25))
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    services.cast_vote(roll[""][0].person, res, choice="for")
    url = reverse("governance:assembly_close", kwargs={"pk": assembly.pk})
    effects = [str(e) for e in client_of(manager).get(url).context["effects"]]
    closes = timezone.localtime(assembly.closes_at)
    planned = f"{french_date(closes, 'l j F Y')} à {closes.hour} h {closes.minute:02d}"
    assert effects[1:] == [
        "1 personne sur les 4 de la liste des votant·es a voté (elle-même ou par un pouvoir).",
        "Le quorum (25,00\u00a0%) est atteint\u00a0: 1 sur 4 présent·es ou représenté·es "
        "(25,00\u00a0%)\u00a0; les résolutions peuvent être adoptées.",
        f"La clôture du vote est prévue le {planned}\u00a0: clos maintenant, le vote ne reçoit "
        "plus aucun bulletin.",
    ]


def test_closing_without_the_quorum_warns_that_nothing_will_be_adopted(ga, manager):
    assembly, roll = make_assembly(ga, {"": 4}, quorum=Decimal(50))
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    services.cast_vote(roll[""][0].person, res, choice="for")
    url = reverse("governance:assembly_close", kwargs={"pk": assembly.pk})
    effects = [str(e) for e in client_of(manager).get(url).context["effects"]]
    assert (
        "Le quorum (50,00\u00a0%) n’est pas atteint\u00a0: 1 sur 4 présent·es ou représenté·es "
        "(25,00\u00a0%). Clos maintenant, le vote n’adopte aucune résolution."
    ) in effects


# --- receipts: the secret ballot only -------------------------------------------------------------


def test_an_open_ballot_hands_out_no_receipt(ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    line = roll[""][0]
    client = client_of(line.person)
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": line.pk})
    response = client.post(url, {"choice": "for"})
    assert response.status_code == 200
    assert ResolutionBallot.objects.get(resolution=res).voter_id == line.pk
    assert "receipt" not in response.context
    html = response.content.decode()
    assert "récépissé" not in html.lower()
    assert "Scrutin public\u00a0: le procès-verbal indiquera qui a voté quoi." in html

    services.close_assembly(None, assembly)
    detail = page(client, "governance:assembly", pk=assembly.pk)
    assert reverse("governance:assembly_receipt_check", kwargs={"pk": assembly.pk}) not in detail


def test_a_secret_ballot_still_hands_out_its_receipt(ga):
    assembly, roll = make_assembly(ga, {"": 2}, secret=True)
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    line = roll[""][0]
    client = client_of(line.person)
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": line.pk})
    response = client.post(url, {"choice": "for"})
    receipt = response.context["receipt"]
    assert receipt and receipt in response.content.decode()
    assert services.check_receipt(assembly, receipt) == res
    services.close_assembly(None, assembly)
    detail = page(client, "governance:assembly", pk=assembly.pk)
    assert reverse("governance:assembly_receipt_check", kwargs={"pk": assembly.pk}) in detail


# --- French numbers and times -------------------------------------------------------------------


def test_the_roll_offers_the_colleges_with_their_weights_written_the_french_way(ga, manager):
    assembly, _roll = make_assembly(ga, {"Salariés": 1}, colleges=SCIC_COLLEGES)
    html = page(client_of(manager), "governance:assembly_roll", pk=assembly.pk)
    assert "Salariés (40,00\u00a0%)" in html
    assert "40.00" not in html


def test_the_assembly_writes_its_times_one_way_and_its_closed_quorum_without_so_far(ga, manager):
    assembly, roll = make_assembly(ga, {"": 2})
    closes = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=9, minute=5, second=0, microsecond=0
    )
    assembly.starts_at = datetime.time(8, 30)
    assembly.save()
    Assembly.objects.filter(pk=assembly.pk).update(closes_at=closes)
    res = resolution(assembly)
    client = client_of(manager)
    html = page(client, "governance:assembly", pk=assembly.pk)
    assert ", 8 h 30</dd>" in html
    assert ", 9 h 05</dd>" in html
    assert not re.search(r"\b\d{1,2}:\d{2}\b", html.split("<main", 1)[-1])
    assert "à ce stade" in html  # prepared: so far

    services.open_assembly(None, assembly)
    services.cast_vote(roll[""][0].person, res, choice="for")
    services.close_assembly(None, assembly)
    html = page(client, "governance:assembly", pk=assembly.pk)
    assert "à ce stade" not in html
    assert "requis\u00a0; à la clôture, 1 sur 2 (50,00\u00a0%)." in html


# --- a way back from every form -----------------------------------------------------------------


def test_preparing_an_assembly_can_be_cancelled(ga, manager):
    html = page(client_of(manager), "governance:assembly_create")
    back = reverse("governance:assembly_list")
    assert f'<a href="{back}" role="button" class="secondary outline">Annuler</a>' in html


def test_a_majority_judgment_ballot_can_be_left_without_voting(ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly, "majority_judgment", options=["Local A", "Local B"])
    services.open_assembly(None, assembly)
    line = roll[""][0]
    html = page(client_of(line.person), "governance:resolution_vote", pk=res.pk, voter=line.pk)
    back = reverse("governance:assembly", kwargs={"pk": assembly.pk})
    form = html[html.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    assert f'<a href="{back}" role="button" class="secondary outline">Annuler</a>' in form
