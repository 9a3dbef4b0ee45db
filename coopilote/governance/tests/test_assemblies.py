"""General assemblies: colleges, proxies, deadline, quorum, majorities, majority judgment."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import models
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Assembly, College, Mandate, Voter
from coopilote.governance.models.assemblies import (
    ResolutionBallot,
    ResolutionMark,
    ResolutionParticipation,
)
from coopilote.governance.services import assemblies as services
from coopilote.governance.tests.assemblies_fixtures import (
    SCIC_COLLEGES,
    general_assembly,
    make_assembly,
    resolution,
    scic,
    vote_all,
)
from coopilote.governance.tests.factories import RoleFactory, mandate, seated, union_board
from coopilote.members.models import Body, Person
from coopilote.voting.secrecy import AlreadyVoted, receipt_hash

pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"


@pytest.fixture
def ga(union):
    return general_assembly(scic(union))


def opened(assembly):
    return services.open_assembly(None, assembly)


# --- colleges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "weights",
    [
        [Decimal(40), Decimal(30), Decimal(20), Decimal(20)],  # 110 %
        [Decimal(40), Decimal(30), Decimal(20)],  # 90 %
        [Decimal("33.33"), Decimal("33.33"), Decimal("33.33")],  # 99.99 %
    ],
)
def test_college_weights_not_adding_up_to_100_are_refused(ga, weights):
    lines = [(f"Collège {i}", weight) for i, weight in enumerate(weights)]
    with pytest.raises(services.AssemblyError) as refused:
        services.set_colleges(None, ga, lines)
    assert "100" in str(refused.value)
    assert str(sum(weights)) in str(refused.value)
    assert not College.objects.filter(body=ga).exists()


def test_college_weights_adding_up_to_100_are_kept(ga):
    colleges = services.set_colleges(None, ga, SCIC_COLLEGES)
    assert sorted((c.name, c.weight) for c in colleges) == sorted(SCIC_COLLEGES)
    # Changed later: still checked, and the colleges keep their identity.
    salaries = College.objects.get(body=ga, name="Salariés")
    services.set_colleges(None, ga, [("Salariés", Decimal(50)), ("Usagers", Decimal(50))])
    assert College.objects.get(body=ga, name="Salariés").pk == salaries.pk
    assert College.objects.filter(body=ga).count() == 2


def test_an_assembly_whose_colleges_were_changed_behind_the_form_does_not_open(ga):
    assembly, _roll = make_assembly(ga, {"Salariés": 1}, colleges=SCIC_COLLEGES)
    resolution(assembly)
    College.objects.filter(body=ga, name="Soutiens").update(weight=Decimal(15))
    with pytest.raises(services.AssemblyError):
        opened(assembly)
    assert Assembly.objects.get(pk=assembly.pk).status == Assembly.Status.DRAFT


def test_a_voter_outside_any_college_is_refused_when_the_body_has_colleges(ga):
    assembly, _roll = make_assembly(ga, {"Salariés": 1}, colleges=SCIC_COLLEGES)
    with pytest.raises(services.AssemblyError):
        services.add_voter(None, assembly, _roll["Salariés"][0].person, None)


# --- simple and qualified majority ----------------------------------------------------------


def test_simple_majority_counts_votes_cast_not_abstentions(ga):
    assembly, roll = make_assembly(ga, {"": 6})
    first = resolution(assembly)
    second = resolution(assembly, title="Affectation du résultat")
    opened(assembly)
    vote_all(first, roll[""], [FOR, FOR, AGAINST, ABSTAIN, ABSTAIN, ABSTAIN])
    vote_all(second, roll[""], [FOR, AGAINST, ABSTAIN, ABSTAIN, ABSTAIN, ABSTAIN])
    services.close_assembly(None, assembly)
    first.refresh_from_db()
    second.refresh_from_db()
    # 2 for, 1 against: adopted although 4 of 6 did not vote for.
    assert (first.result["for"], first.result["against"], first.result["abstain"]) == (2, 1, 3)
    assert first.result["share"] == "66.67"
    assert first.result["adopted"] is True
    # 1 for, 1 against: a tie is not a majority.
    assert second.result["share"] == "50.00"
    assert second.result["adopted"] is False


def test_qualified_majority_needs_its_threshold_of_votes_cast(ga):
    assembly, roll = make_assembly(ga, {"": 5})
    two_thirds = resolution(assembly, "qualified", threshold=Decimal("66.67"))
    short = resolution(assembly, "qualified", threshold=Decimal("66.67"), title="Statuts")
    opened(assembly)
    vote_all(two_thirds, roll[""], [FOR, FOR, AGAINST, ABSTAIN, ABSTAIN])
    vote_all(short, roll[""], [FOR, FOR, FOR, AGAINST, AGAINST])
    services.close_assembly(None, assembly)
    two_thirds.refresh_from_db()
    short.refresh_from_db()
    assert two_thirds.result["adopted"] is True  # exactly two thirds reaches 66.67 %
    assert short.result["share"] == "60.00"
    assert short.result["adopted"] is False  # a simple majority would have adopted it
    assert short.result["unweighted_passes"] is False


@pytest.mark.parametrize(
    ("share", "threshold", "passes"),
    [
        (Fraction(2, 3), "66.67", True),  # exactly two thirds
        (Fraction(66665, 100000), "66.67", False),  # rounds to 66.67 % but is below 2/3
        (Fraction(749996, 1000000), "75.00", False),  # rounds to 75.00 %
        (Fraction(3, 4), "75.00", True),
        (Fraction(6001, 10000), "60.01", True),  # not a simple fraction: as written
        (Fraction(60009, 100000), "60.01", False),
    ],
)
def test_the_qualified_threshold_is_compared_exactly(share, threshold, passes):
    assert services.adopted("qualified", share, Decimal(threshold)) is passes


def test_a_qualified_majority_below_half_is_refused(ga):
    assembly, _roll = make_assembly(ga, {"": 2})
    with pytest.raises(services.AssemblyError):
        resolution(assembly, "qualified", threshold=Decimal(40))


# --- Scic colleges --------------------------------------------------------------------------


def test_college_weighting_can_reverse_the_headcount(ga):
    sizes = {"Salariés": 2, "Usagers": 5, "Collectivités": 1, "Soutiens": 1}
    assembly, roll = make_assembly(ga, sizes, colleges=SCIC_COLLEGES)
    res = resolution(assembly)
    opened(assembly)
    vote_all(res, roll["Salariés"], [FOR, FOR])
    vote_all(res, roll["Usagers"], [AGAINST] * 5)
    vote_all(res, roll["Collectivités"], [FOR])
    vote_all(res, roll["Soutiens"], [AGAINST])
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    # Headcount: 3 for, 6 against. Weighted: 40 % + 20 % of the weights are fully for.
    assert (res.result["for"], res.result["against"]) == (3, 6)
    assert res.result["unweighted_share"] == "33.33"
    assert res.result["unweighted_passes"] is False
    assert res.result["share"] == "60.00"
    assert res.result["adopted"] is True
    shares = {row["college"]: row["share"] for row in res.result["colleges"]}
    assert shares == {
        "Salariés": "100.00",
        "Usagers": "0.00",
        "Collectivités": "100.00",
        "Soutiens": "0.00",
    }


def test_a_college_without_votes_cast_drops_out_and_the_weights_are_renormalised(ga):
    sizes = {"Salariés": 2, "Usagers": 2, "Collectivités": 1, "Soutiens": 1}
    assembly, roll = make_assembly(ga, sizes, colleges=SCIC_COLLEGES)
    res = resolution(assembly)
    opened(assembly)
    vote_all(res, roll["Salariés"], [FOR, AGAINST])
    vote_all(res, roll["Usagers"], [FOR, FOR])
    vote_all(res, roll["Collectivités"], [AGAINST])
    vote_all(res, roll["Soutiens"], [ABSTAIN])  # no vote cast in this college
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    # (40 × 1/2 + 30 × 1 + 20 × 0) / 90 = 55.56 %; counting Soutiens as 0 would give 50 %.
    assert res.result["share"] == "55.56"
    assert res.result["adopted"] is True
    soutiens = next(row for row in res.result["colleges"] if row["college"] == "Soutiens")
    assert soutiens["counted"] is False
    assert soutiens["abstain"] == 1
    salaries = next(row for row in res.result["colleges"] if row["college"] == "Salariés")
    assert salaries["effective_weight"] == "44.44"


def test_weighted_share_without_any_vote_cast_is_none():
    rows = [{"weight": "60", "for": 0, "against": 0}, {"weight": "40", "for": 0, "against": 0}]
    assert services.weighted_share(rows) is None
    assert services.adopted("simple", None, Decimal(50)) is False


def test_weighted_share_formula():
    rows = [
        {"weight": "40", "for": 3, "against": 1},
        {"weight": "30", "for": 0, "against": 2},
        {"weight": "30", "for": 1, "against": 1},
    ]
    assert services.weighted_share(rows) == Fraction(40, 100) * Fraction(3, 4) + Fraction(
        30, 100
    ) * Fraction(1, 2)


# --- majority judgment ----------------------------------------------------------------------


def test_majority_judgment_without_colleges(ga):
    assembly, roll = make_assembly(ga, {"": 3})
    res = resolution(
        assembly, "majority_judgment", options=["Rénover l’atelier", "Ouvrir un second site"]
    )
    opened(assembly)
    atelier = res.options.get(label="Rénover l’atelier")
    site = res.options.get(label="Ouvrir un second site")
    grades = [{atelier.pk: 5, site.pk: 2}, {atelier.pk: 4, site.pk: 6}, {atelier.pk: 3}]
    for voter, marks in zip(roll[""], grades, strict=True):
        services.cast_vote(voter.person, res, grades=marks)
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    by_label = {row["label"]: row for row in res.result["options"]}
    # Atelier: 3, 4, 5 → median 4 ("Assez bien"); site: 0 (ungraded), 2, 6 → median 2.
    assert by_label["Ouvrir un second site"]["grade"] == 2
    assert by_label["Rénover l’atelier"]["grade"] == 4
    assert res.result["winner"] == "Rénover l’atelier"
    assert res.result["adopted"] is True
    assert ResolutionMark.objects.filter(ballot__resolution=res).count() == 6


def test_majority_judgment_weights_the_merit_profiles_by_college(ga):
    sizes = {"Salariés": 1, "Usagers": 3, "Collectivités": 1, "Soutiens": 1}
    assembly, roll = make_assembly(ga, sizes, colleges=SCIC_COLLEGES)
    res = resolution(assembly, "majority_judgment", options=["Option A", "Option B"])
    opened(assembly)
    a, b = res.options.order_by("label")
    loves_a = {a.pk: 6, b.pk: 0}
    loves_b = {a.pk: 0, b.pk: 6}
    for college, marks in [
        ("Salariés", loves_a),
        ("Usagers", loves_b),
        ("Collectivités", loves_a),
        ("Soutiens", loves_b),
    ]:
        for voter in roll[college]:
            services.cast_vote(voter.person, res, grades=marks)
    # Headcount: B is graded Excellent by 4 of 6, A by 2 of 6 → B would win unweighted.
    unweighted = services.weighted_profiles(
        {
            "A": {"all": [4, 0, 0, 0, 0, 0, 2]},
            "B": {"all": [2, 0, 0, 0, 0, 0, 4]},
        },
        {"all": None},
    )
    assert unweighted == {"A": [4, 0, 0, 0, 0, 0, 2], "B": [2, 0, 0, 0, 0, 0, 4]}
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    # Weighted: A is Excellent for 40 % + 20 % of the weights, B for 30 % + 10 %.
    assert res.result["winner"] == "Option A"
    by_label = {row["label"]: row for row in res.result["options"]}
    assert by_label["Option A"]["profile"][6] == "60.00"
    assert by_label["Option B"]["profile"][6] == "40.00"
    usagers = next(c for c in by_label["Option B"]["colleges"] if c["college"] == "Usagers")
    assert usagers["counts"] == [0, 0, 0, 0, 0, 0, 3]


def test_weighted_profiles_give_each_college_its_weight_whatever_its_size():
    weighted = services.weighted_profiles(
        {"X": {"big": [9, 1], "small": [0, 1]}},
        {"big": Decimal(50), "small": Decimal(50)},
    )
    # big: 10 % high, small: 100 % high → 55 % high.
    low, high = weighted["X"]
    assert Fraction(high, low + high) == Fraction(55, 100)


# --- proxies --------------------------------------------------------------------------------


def test_a_proxy_beyond_the_cap_is_refused(ga):
    assembly, roll = make_assembly(ga, {"": 5}, proxy_cap=2)
    holder, *givers = roll[""]
    services.give_proxy(None, assembly, givers[0], holder)
    services.give_proxy(None, assembly, givers[1], holder)
    with pytest.raises(services.AssemblyError) as refused:
        services.give_proxy(None, assembly, givers[2], holder)
    assert "2" in str(refused.value)
    assert assembly.proxies.filter(holder=holder).count() == 2


def test_a_proxy_from_someone_who_already_voted_is_refused(ga):
    assembly, roll = make_assembly(ga, {"": 3})
    res = resolution(assembly)
    opened(assembly)
    giver, holder, _other = roll[""]
    services.cast_vote(giver.person, res, choice=FOR)
    with pytest.raises(services.AssemblyError):
        services.give_proxy(None, assembly, giver, holder)
    assert not assembly.proxies.exists()


def test_chained_and_self_proxies_are_refused(ga):
    assembly, roll = make_assembly(ga, {"": 3})
    a, b, c = roll[""]
    with pytest.raises(services.AssemblyError):
        services.give_proxy(None, assembly, a, a)
    services.give_proxy(None, assembly, a, b)
    with pytest.raises(services.AssemblyError):
        services.give_proxy(None, assembly, c, a)  # a gave their own proxy
    with pytest.raises(services.AssemblyError):
        services.give_proxy(None, assembly, a, c)  # a already gave one


def test_a_holder_cannot_pass_on_their_own_line(ga):
    """No sub-delegation: a holder who gave their proxy would still vote the ones they hold."""
    assembly, roll = make_assembly(ga, {"": 3})
    a, b, c = roll[""]
    services.give_proxy(None, assembly, b, a)
    with pytest.raises(services.AssemblyError):
        services.give_proxy(None, assembly, a, c)
    assert list(assembly.proxies.values_list("giver", "holder")) == [(b.pk, a.pk)]


def test_colleges_do_not_change_while_an_assembly_votes(ga):
    assembly, _roll = make_assembly(ga, {"Salariés": 1}, colleges=SCIC_COLLEGES)
    resolution(assembly)
    opened(assembly)
    with pytest.raises(services.AssemblyError):
        services.set_colleges(None, ga, [("Salariés", Decimal(70)), ("Usagers", Decimal(30))])
    assert College.objects.get(body=ga, name="Salariés").weight == dict(SCIC_COLLEGES)["Salariés"]


def test_the_holder_votes_for_each_proxy_separately_in_the_givers_college(ga):
    sizes = {"Salariés": 1, "Usagers": 2, "Collectivités": 1, "Soutiens": 1}
    assembly, roll = make_assembly(ga, sizes, colleges=SCIC_COLLEGES, secret=True)
    res = resolution(assembly)
    holder = roll["Salariés"][0]
    giver = roll["Usagers"][0]
    services.give_proxy(None, assembly, giver, holder)
    opened(assembly)
    services.cast_vote(holder.person, res, choice=FOR)
    services.cast_vote(holder.person, res, choice=AGAINST, for_voter=giver)
    with pytest.raises(AlreadyVoted):
        services.cast_vote(holder.person, res, choice=FOR, for_voter=giver)
    with pytest.raises(services.AssemblyError):
        services.cast_vote(giver.person, res, choice=FOR)  # gave their proxy
    with pytest.raises(services.AssemblyError):
        # Nobody votes with a proxy they do not hold.
        services.cast_vote(roll["Soutiens"][0].person, res, choice=FOR, for_voter=giver)
    usagers = College.objects.get(body=ga, name="Usagers")
    assert ResolutionBallot.objects.get(resolution=res, college=usagers).choice == AGAINST
    by_proxy = ResolutionParticipation.objects.get(resolution=res, voter=giver)
    assert by_proxy.cast_by_id == holder.pk
    counted = services.quorum(assembly)
    # The holder is present; the giver, whose vote the holder cast, is represented.
    assert (counted["present"], counted["represented"]) == (1, 1)
    todo = services.votes_to_cast(assembly, holder.person_id)
    assert {(line.pk, done) for _res, line, done in todo} == {(holder.pk, True), (giver.pk, True)}


# --- deadline and quorum --------------------------------------------------------------------


def test_a_vote_after_the_deadline_is_refused_by_the_database_clock(ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    opened(assembly)
    Assembly.objects.filter(pk=assembly.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(services.AssemblyError):
        services.cast_vote(roll[""][0].person, res, choice=FOR)
    assert not ResolutionBallot.objects.exists()
    assert not ResolutionParticipation.objects.exists()


def test_a_vote_before_opening_is_refused(ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    with pytest.raises(services.AssemblyError):
        services.cast_vote(roll[""][0].person, res, choice=FOR)


def test_someone_off_the_roll_cannot_vote(ga, board):
    assembly, _roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    opened(assembly)
    with pytest.raises(services.AssemblyError):
        services.cast_vote(board[1][0], res, choice=FOR)


def test_quorum_not_reached_adopts_nothing(ga):
    assembly, roll = make_assembly(ga, {"": 10}, quorum=Decimal(50))
    res = resolution(assembly)
    opened(assembly)
    vote_all(res, roll[""][:3], [FOR, FOR, FOR])
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    counted = services.quorum(assembly)
    assert (counted["roll"], counted["counted"], counted["reached"]) == (10, 3, False)
    assert res.result["quorum_reached"] is False
    assert res.result["share"] == "100.00"
    assert res.result["adopted"] is False


def test_quorum_counts_the_present_and_the_represented(ga):
    assembly, roll = make_assembly(ga, {"": 10}, quorum=Decimal(50))
    res = resolution(assembly)
    people = roll[""]
    services.give_proxy(None, assembly, people[3], people[0])
    services.give_proxy(None, assembly, people[4], people[0])
    services.give_proxy(None, assembly, people[5], people[9])  # holder absent: not represented
    opened(assembly)
    services.set_presence(None, people[1], True)
    services.cast_vote(people[0].person, res, choice=FOR)
    services.cast_vote(people[2].person, res, choice=FOR)
    counted = services.quorum(assembly)
    # Present: 0 (voted), 1 (marked), 2 (voted); represented: 3 and 4.
    assert (counted["present"], counted["represented"], counted["counted"]) == (3, 2, 5)
    assert counted["reached"] is True
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    assert res.result["adopted"] is True


def test_closing_twice_is_refused(ga):
    assembly, _roll = make_assembly(ga, {"": 1})
    resolution(assembly)
    opened(assembly)
    services.close_assembly(None, assembly)
    with pytest.raises(services.AssemblyError):
        services.close_assembly(None, assembly)


# --- secret ballot --------------------------------------------------------------------------


def test_a_secret_ballot_names_no_voter_and_keeps_no_time(ga):
    assembly, roll = make_assembly(ga, {"": 2}, secret=True)
    res = resolution(assembly)
    opened(assembly)
    receipt = services.cast_vote(roll[""][0].person, res, choice=AGAINST)
    ballot = ResolutionBallot.objects.get(resolution=res)
    assert ballot.voter_id is None
    assert ballot.receipt_hash == receipt_hash(receipt)
    assert receipt.replace("-", "") not in ballot.receipt_hash
    dated = [
        field.name
        for model in (ResolutionBallot, ResolutionMark)
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField | models.TimeField)
    ]
    assert dated == []
    emargement = ResolutionParticipation.objects.get(resolution=res)
    assert emargement.voter_id == roll[""][0].pk
    assert emargement.voted_on == timezone.localdate()
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    assert "roll_call" not in res.result


def test_the_receipt_verifies_and_a_wrong_one_does_not(ga):
    assembly, roll = make_assembly(ga, {"": 2}, secret=True)
    res = resolution(assembly)
    opened(assembly)
    receipt = services.cast_vote(roll[""][0].person, res, choice=FOR)
    assert services.check_receipt(assembly, receipt.lower().replace("-", " ")) == res
    assert services.check_receipt(assembly, "AAAA-BBBB-CCCC-DDDD") is None


def test_an_open_ballot_names_the_voter_in_the_roll_call(ga):
    assembly, roll = make_assembly(ga, {"": 2})
    res = resolution(assembly)
    services.give_proxy(None, assembly, roll[""][1], roll[""][0])
    opened(assembly)
    services.cast_vote(roll[""][0].person, res, choice=FOR)
    services.cast_vote(roll[""][0].person, res, choice=AGAINST, for_voter=roll[""][1])
    assert ResolutionBallot.objects.filter(resolution=res, voter=roll[""][0]).exists()
    services.close_assembly(None, assembly)
    res.refresh_from_db()
    calls = {row["voter"]: (row["choice"], row["proxy_holder"]) for row in res.result["roll_call"]}
    assert calls[str(roll[""][1].person)] == ("against", str(roll[""][0].person))
    assert calls[str(roll[""][0].person)] == ("for", "")


# --- signatures -----------------------------------------------------------------------------


def by_name(people):
    return sorted(people, key=lambda person: (person.last_name, person.first_name))


def test_a_cooperative_s_minutes_are_signed_by_its_own_co_presidents(union, ga):
    board = Body.objects.create(
        union=union, cooperative=ga.cooperative, kind=Body.Kind.BOARD, name="Conseil"
    )
    people = seated(board, 3)
    mandate(RoleFactory(body=board, name="Co-présidence", holders=2), people[:2])
    union_people = union_board(union, 2)[1]
    mandate(RoleFactory(body=union_board(union)[0], name="Présidence"), union_people[:1])
    assert services.presidency(ga) == by_name(people[:2])
    Mandate.objects.filter(role__body=board).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.presidency(ga) == []
    # The minutes of an assembly held while they were in office still name them.
    held_on = timezone.localdate() - datetime.timedelta(days=10)
    assert set(services.presidency(ga, held_on)) == set(people[:2])


def test_a_cooperative_without_a_board_never_gets_the_union_s_presidents(union, ga):
    """Its minutes leave the signatures blank, to be signed by hand by the session's officers."""
    board, people = union_board(union, 3)
    mandate(RoleFactory(body=board, name="Co-présidence", holders=2), people[:2])
    assert services.presidency(ga) == []


def test_a_union_assembly_is_signed_by_the_union_s_co_presidents(union):
    board, people = union_board(union, 3)
    mandate(RoleFactory(body=board, name="Co-présidence", holders=2), people[:2])
    assembly_body = Body.objects.create(
        union=union, kind=Body.Kind.GENERAL_ASSEMBLY, name="Assemblée générale de l’union"
    )
    assert services.presidency(assembly_body) == by_name(people[:2])


def test_assemblies_and_polls_share_one_secret_ballot_machinery():
    from coopilote.voting.models import Ballot, Participation
    from coopilote.voting.secrecy import AnonymousBallot, Emargement

    assert issubclass(ResolutionBallot, AnonymousBallot) and issubclass(Ballot, AnonymousBallot)
    assert issubclass(ResolutionParticipation, Emargement) and issubclass(Participation, Emargement)
    # The only link of a resolution ballot to a person is the open ballot's voter, left empty
    # when the ballot is secret (see test_a_secret_ballot_names_no_voter_and_keeps_no_time).
    people = {
        field.name
        for field in ResolutionBallot._meta.concrete_fields
        if field.is_relation and field.related_model in (Voter, Person)
    }
    assert people == {"voter"}


def test_casting_a_vote_writes_no_audit_row(ga):
    assembly, roll = make_assembly(ga, {"": 1}, secret=True)
    res = resolution(assembly)
    opened(assembly)
    before = AuditEvent.objects.count()
    services.cast_vote(roll[""][0].person, res, choice="for")
    assert AuditEvent.objects.count() == before
