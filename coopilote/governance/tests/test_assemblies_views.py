"""General-assembly pages: the whole flow through the browser's requests, mass assignment,
the minutes PDF and the receipt check."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coopilote.governance.models import Assembly, College, Proxy, Resolution, Voter
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
from coopilote.governance.tests.factories import RoleFactory, mandate, seated, union_board
from coopilote.members import roles as r
from coopilote.members.models import Body

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


def test_the_manager_prepares_runs_and_closes_an_assembly(coop, ga, manager):
    client = client_of(manager)
    # Colleges: a sum other than 100 % is refused with the form shown again.
    url = reverse("governance:assembly_colleges", kwargs={"pk": ga.pk})
    response = client.post(url, {"lines": "Salariés ; 40\nUsagers ; 30\nSoutiens ; 20"})
    assert response.status_code == 200
    assert not College.objects.filter(body=ga).exists()
    response = client.post(
        url, {"lines": "Salariés ; 40\nUsagers ; 30\nCollectivités ; 20\nSoutiens ; 10"}
    )
    assert response.status_code == 302
    assert College.objects.filter(body=ga).count() == 4

    closes = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("governance:assembly_create"),
        {
            "body": str(ga.pk),
            "title": "AG ordinaire 2026",
            "held_on": timezone.localdate().isoformat(),
            "starts_at": "14:30",
            "place": "  Maison des Scop, Lyon ",
            "closes_at": closes,
            "quorum": "25",
            "proxy_cap": "2",
            "secret": "on",
            "status": "closed",  # mass assignment: ignored
            "convened_at": "2026-01-01T10:00",  # idem: only the convocation sets it
        },
    )
    assert response.status_code == 302
    assembly = Assembly.objects.get(title="AG ordinaire 2026")
    assert assembly.status == Assembly.Status.DRAFT
    assert assembly.secret is True
    assert assembly.starts_at == datetime.time(14, 30)
    assert assembly.place == "Maison des Scop, Lyon"
    assert assembly.convened_at is None

    salaries = College.objects.get(body=ga, name="Salariés")
    voters = [member(coop) for _ in range(2)]
    for person in voters:
        response = client.post(
            reverse("governance:assembly_roll", kwargs={"pk": assembly.pk}),
            {"person": str(person.pk), "college": str(salaries.pk)},
        )
        assert response.status_code == 302
    assert assembly.voters.count() == 2

    response = client.post(
        reverse("governance:resolution_create", kwargs={"pk": assembly.pk}),
        {
            "title": "Approbation des comptes",
            "text": "L’assemblée approuve les comptes.",
            "method": "simple",
            "threshold": "66.67",
            "result": '{"adopted": true}',  # mass assignment: ignored
        },
    )
    assert response.status_code == 302
    res = Resolution.objects.get(assembly=assembly)
    assert res.result is None

    assert (
        client.post(reverse("governance:assembly_open", kwargs={"pk": assembly.pk})).status_code
        == 302
    )
    assembly.refresh_from_db()
    assert assembly.status == Assembly.Status.OPEN

    voter_client = client_of(voters[0])
    line = Voter.objects.get(assembly=assembly, person=voters[0])
    vote_url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": line.pk})
    assert voter_client.get(vote_url).status_code == 200
    other_college = College.objects.get(body=ga, name="Soutiens")
    response = voter_client.post(vote_url, {"choice": "for", "college": str(other_college.pk)})
    assert response.status_code == 200
    receipt = response.context["receipt"]
    ballot = ResolutionBallot.objects.get(resolution=res)
    assert ballot.college_id == salaries.pk  # the voter's college, not the posted one
    assert ballot.voter_id is None

    # The manager cannot vote in someone else's name; the voter may not see others' lines.
    other_line = Voter.objects.get(assembly=assembly, person=voters[1])
    other_url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": other_line.pk})
    assert voter_client.post(other_url, {"choice": "against"}).status_code == 403

    assert (
        client.post(reverse("governance:assembly_close", kwargs={"pk": assembly.pk})).status_code
        == 302
    )
    res.refresh_from_db()
    assert res.result["adopted"] is True

    check = reverse("governance:assembly_receipt_check", kwargs={"pk": assembly.pk})
    response = voter_client.post(check, {"receipt": receipt})
    assert response.status_code == 200
    assert response.context["found"] == res
    response = voter_client.post(check, {"receipt": "ZZZZ-ZZZZ"})
    assert response.context["found"] is None

    minutes = voter_client.get(reverse("governance:assembly_minutes", kwargs={"pk": assembly.pk}))
    assert minutes.status_code == 200
    assert minutes["Content-Type"] == "application/pdf"
    assert minutes.content.startswith(b"%PDF")


def test_a_voter_gives_a_proxy_and_cannot_name_the_giver(coop, ga):
    assembly, roll = make_assembly(ga, {"": 3})
    resolution(assembly)
    giver, holder, third = roll[""]
    response = client_of(giver.person).post(
        reverse("governance:assembly_proxy", kwargs={"pk": assembly.pk}),
        {"holder": str(holder.pk), "giver": str(third.pk)},  # giver: ignored for a voter
    )
    assert response.status_code == 302
    proxy = Proxy.objects.get(assembly=assembly)
    assert (proxy.giver_id, proxy.holder_id) == (giver.pk, holder.pk)


def test_the_holder_votes_for_the_giver_through_the_page(coop, ga):
    assembly, roll = make_assembly(ga, {"Salariés": 1, "Usagers": 1}, colleges=SCIC_COLLEGES)
    res = resolution(assembly)
    holder, giver = roll["Salariés"][0], roll["Usagers"][0]
    services.give_proxy(None, assembly, giver, holder)
    services.open_assembly(None, assembly)
    client = client_of(holder.person)
    detail = client.get(reverse("governance:assembly", kwargs={"pk": assembly.pk}))
    assert {line.pk for _res, line, _done in detail.context["to_cast"]} == {holder.pk, giver.pk}
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": giver.pk})
    assert client.post(url, {"choice": "against"}).status_code == 200
    ballot = ResolutionBallot.objects.get(resolution=res)
    assert ballot.college.name == "Usagers"
    # The giver's own vote page now says who voted in their name, and takes no second vote.
    own = client_of(giver.person).post(url, {"choice": "for"})
    assert own.status_code == 200
    assert ResolutionBallot.objects.filter(resolution=res).count() == 1
    page = own.content.decode()
    assert f"a été exprimé par {holder.person}" in page
    assert 'name="choice"' not in page


def test_after_voting_the_vote_page_says_so_instead_of_offering_the_form(coop, ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    line = roll[""][0]
    services.open_assembly(None, assembly)
    client = client_of(line.person)
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": line.pk})
    assert 'name="choice"' in client.get(url).content.decode()
    assert client.post(url, {"choice": "for"}).status_code == 200
    again = client.get(url).content.decode()
    assert 'name="choice"' not in again
    assert "Vous avez voté sur cette résolution" in again
    assert client.post(url, {"choice": "against"}).status_code == 200
    assert ResolutionBallot.objects.filter(resolution=res).count() == 1


def test_the_roll_shows_who_voted_online_as_present(coop, ga, manager):
    """The quorum counts those who voted as present: the roll must not say « non »."""
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    services.cast_vote(roll[""][0].person, res, choice="for")
    page = client_of(manager).get(reverse("governance:assembly_roll", kwargs={"pk": assembly.pk}))
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\">(.*?)</th>.*?<td>.*?</td>\s*<td>\s*(\w+)",
        page.content.decode(),
        re.S,
    )
    present = dict(rows)
    assert present[str(roll[""][0].person)] == "oui"
    assert present[str(roll[""][1].person)] == "non"
    assert "oui (a voté)" in page.content.decode()
    assert page.context["quorum"]["present"] == 1


def test_the_vote_page_refuses_a_vote_after_the_deadline_and_a_proxy_beyond_the_cap(coop, ga):
    assembly, roll = make_assembly(ga, {"": 4}, proxy_cap=1)
    res = resolution(assembly)
    holder, first, second, _other = roll[""]
    proxy_url = reverse("governance:assembly_proxy", kwargs={"pk": assembly.pk})
    assert client_of(first.person).post(proxy_url, {"holder": holder.pk}).status_code == 302
    refused = client_of(second.person).post(proxy_url, {"holder": holder.pk})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert Proxy.objects.filter(holder=holder).count() == 1
    services.open_assembly(None, assembly)
    Assembly.objects.filter(pk=assembly.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": holder.pk})
    late = client_of(holder.person).post(url, {"choice": "for"})
    assert late.status_code == 200 and late.context["form"].non_field_errors()
    assert not ResolutionBallot.objects.filter(resolution=res).exists()


def test_a_majority_judgment_ballot_through_the_page(coop, ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly, "majority_judgment", options=["Local A", "Local B"])
    services.open_assembly(None, assembly)
    a = res.options.get(label="Local A")
    line = roll[""][0]
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": line.pk})
    client = client_of(line.person)

    # No grade at all: refused, not cast as « À rejeter » everywhere in the voter's name.
    empty = client.post(url, {})
    assert empty.context["form"].has_error("__all__", "empty_ballot")
    assert not ResolutionBallot.objects.exists()

    # An option left ungraded would count as the lowest grade: the voter confirms it first.
    partial = client.post(url, {f"option_{a.pk}": "5"})
    html = partial.content.decode()
    assert "Vous avez laissé 1 option sans mention\u00a0: «\u00a0Local B\u00a0»" in html
    assert 'name="confirm_ungraded"' in html
    assert not ResolutionBallot.objects.exists()

    response = client.post(url, {f"option_{a.pk}": "5", "confirm_ungraded": "on"})
    assert response.status_code == 200
    marks = dict(ResolutionBallot.objects.get().marks.values_list("option__label", "grade"))
    assert marks == {"Local A": 5, "Local B": 0}


def test_a_fully_graded_majority_judgment_ballot_needs_no_confirmation(coop, ga):
    assembly, roll = make_assembly(ga, {"": 1})
    res = resolution(assembly, "majority_judgment", options=["Local A", "Local B"])
    services.open_assembly(None, assembly)
    line = roll[""][0]
    url = reverse("governance:resolution_vote", kwargs={"pk": res.pk, "voter": line.pk})
    grades = {f"option_{option.pk}": "3" for option in res.options.all()}
    page = client_of(line.person).get(url).content.decode()
    assert 'name="confirm_ungraded"' not in page
    client_of(line.person).post(url, grades)
    marks = dict(ResolutionBallot.objects.get().marks.values_list("option__label", "grade"))
    assert marks == {"Local A": 3, "Local B": 3}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) missing")
def test_the_minutes_show_colleges_the_weighted_total_and_the_co_presidents(
    union, coop, ga, tmp_path
):
    # The Scic's own board signs its minutes (never the union's).
    board = Body.objects.create(union=union, cooperative=coop, kind=Body.Kind.BOARD, name="CA")
    people = seated(board, 3)
    mandate(RoleFactory(body=board, name="Co-présidence", holders=2), people[:2])
    union_people = union_board(union, 2)[1]
    mandate(RoleFactory(body=union_board(union)[0], name="Présidence"), union_people[:1])
    sizes = {"Salariés": 2, "Usagers": 2, "Collectivités": 1, "Soutiens": 1}
    assembly, roll = make_assembly(ga, sizes, colleges=SCIC_COLLEGES, secret=True)
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    for voter in roll["Salariés"] + roll["Collectivités"]:
        services.cast_vote(voter.person, res, choice="for")
    for voter in roll["Usagers"]:
        services.cast_vote(voter.person, res, choice="against")
    services.close_assembly(None, assembly)
    pdf = client_of(roll["Soutiens"][0].person).get(
        reverse("governance:assembly_minutes", kwargs={"pk": assembly.pk})
    )
    path = tmp_path / "pv.pdf"
    path.write_bytes(pdf.content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name, _weight in SCIC_COLLEGES:
        assert name in text
    assert re.search(r"66[.,]67 %", text)  # (40 + 20) / 90: the weighted share
    assert str(people[0]) in text and str(people[1]) in text
    assert str(union_people[0]) not in text
    assert str(roll["Usagers"][0].person) not in text  # secret: no roll call


def test_an_open_ballot_names_voters_in_the_minutes_context(coop, ga):
    assembly, roll = make_assembly(ga, {"": 1})
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    services.cast_vote(roll[""][0].person, res, choice="for")
    services.close_assembly(None, assembly)
    response = client_of(roll[""][0].person).get(
        reverse("governance:assembly", kwargs={"pk": assembly.pk})
    )
    assert response.status_code == 200
    assert str(roll[""][0].person) in response.content.decode()


def test_quorum_percentages_are_stored_as_strings(coop, ga):
    assembly, _roll = make_assembly(ga, {"": 3}, quorum=Decimal("33.33"))
    assert services.quorum(assembly)["required"] == "33.33"


def test_the_list_shows_what_each_role_may_see_in_as_many_queries_with_more(world):
    """The list and ``abilities`` agree; the list does not query once per assembly."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coopilote.members.tests.factories import CooperativeFactory

    ours, _roll = make_assembly(general_assembly(world.cooperative), {"": 1})
    services.add_voter(None, ours, world.people["member"], None)
    other = CooperativeFactory(union=world.union)
    theirs, _roll = make_assembly(general_assembly(other), {"": 1})
    url = reverse("governance:assembly_list")
    expected = {
        "member": {ours.pk},
        "referent": {ours.pk},
        "other_coop_referent": set(),
        "staff": {ours.pk, theirs.pk},
        "board": {ours.pk, theirs.pk},
        "no_role": set(),
    }
    for role, shown in expected.items():
        client = Client()
        client.force_login(world.user(role))
        listed = {assembly.pk for assembly in client.get(url).context["assemblies"]}
        allowed = {a.pk for a in (ours, theirs) if a.abilities(world.user(role))["view"]}
        assert listed == allowed == shown, role
    client = Client()
    client.force_login(world.user("staff"))
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(3):
        make_assembly(general_assembly(CooperativeFactory(union=world.union)), {"": 2})
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert len(response.context["assemblies"]) == 5
    assert len(after) == len(before)
