"""The proxy page once its voter has voted: no form is offered, and a proxy posted anyway is
refused in words and changes nothing — whether the voter voted themselves or through a holder."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Proxy
from coopilote.governance.services import assemblies as services
from coopilote.governance.tests.assemblies_fixtures import (
    general_assembly,
    make_assembly,
    member,
    resolution,
    scic,
)
from coopilote.governance.tests.conftest import client_of
from coopilote.members import roles as r

pytestmark = pytest.mark.django_db

VOTED = "Vous avez déjà voté à cette assemblée : vous ne pouvez plus donner votre pouvoir."


@pytest.fixture
def ga(union):
    return general_assembly(scic(union))


@pytest.fixture
def open_vote(ga):
    """An open vote on one resolution, with three people on the roll."""
    assembly, roll = make_assembly(ga, {"": 3})
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    return assembly, res, roll[""]


def proxy_url(assembly):
    return reverse("governance:assembly_proxy", kwargs={"pk": assembly.pk})


def text(response):
    """The page, with French no-break spaces read as spaces."""
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


def test_before_voting_the_proxy_page_offers_the_form(open_vote):
    assembly, _res, (voter, _holder, _other) = open_vote
    page = text(client_of(voter.person).get(proxy_url(assembly)))
    assert 'name="holder"' in page
    assert VOTED not in page


def test_after_voting_the_proxy_page_says_why_and_offers_no_form(open_vote):
    assembly, res, (voter, _holder, _other) = open_vote
    services.cast_vote(voter.person, res, choice="for")
    response = client_of(voter.person).get(proxy_url(assembly))
    assert response.status_code == 200
    page = text(response)
    assert VOTED in page
    assert 'name="holder"' not in page and "Donner mon pouvoir" not in page
    assert response.context["form"] is None


def test_a_proxy_posted_after_voting_is_refused_in_words_and_changes_nothing(open_vote):
    assembly, res, (voter, holder, _other) = open_vote
    services.cast_vote(voter.person, res, choice="for")
    audit_before = AuditEvent.objects.count()
    response = client_of(voter.person).post(
        proxy_url(assembly), {"holder": str(holder.pk)}, follow=True
    )
    assert response.redirect_chain == [
        (reverse("governance:assembly", kwargs={"pk": assembly.pk}), 302)
    ]
    assert VOTED in text(response)
    assert not Proxy.objects.filter(assembly=assembly).exists()
    assert AuditEvent.objects.count() == audit_before


def test_once_the_holder_voted_in_the_givers_name_the_giver_cannot_give_another_proxy(open_vote):
    assembly, res, (giver, holder, other) = open_vote
    services.give_proxy(None, assembly, giver, holder)
    services.cast_vote(holder.person, res, choice="against", for_voter=giver)
    client = client_of(giver.person)
    page = text(client.get(proxy_url(assembly)))
    assert f"Vous avez déjà donné votre pouvoir à {holder.person}" in page
    assert 'name="holder"' not in page
    refused = client.post(proxy_url(assembly), {"holder": str(other.pk)}, follow=True)
    assert f"Vous avez déjà donné votre pouvoir à {holder.person}" in text(refused)
    assert list(Proxy.objects.values_list("giver_id", "holder_id")) == [(giver.pk, holder.pk)]


def test_the_manager_is_not_offered_to_record_a_proxy_for_someone_who_voted(ga, open_vote):
    assembly, res, (voter, holder, other) = open_vote
    manager = member(ga.cooperative, r.REFERENT)
    services.cast_vote(voter.person, res, choice="for")
    client = client_of(manager)
    givers = client.get(proxy_url(assembly)).context["form"].fields["giver"].queryset
    assert voter not in givers and other in givers
    refused = client.post(proxy_url(assembly), {"giver": str(voter.pk), "holder": str(holder.pk)})
    assert refused.status_code == 200
    assert "une fois qu’une personne a voté, elle ne peut plus donner de pouvoir" in text(refused)
    assert not Proxy.objects.filter(assembly=assembly).exists()


def test_a_manager_on_the_roll_who_voted_still_records_others_proxies(ga, open_vote):
    """Their own vote is not the page's subject: no refusal of their own above the form."""
    from coopilote.members.tests.factories import MembershipFactory

    assembly, res, (voter, _holder, other) = open_vote
    MembershipFactory(person=voter.person, cooperative=ga.cooperative, role=r.REFERENT)
    services.cast_vote(voter.person, res, choice="for")
    response = client_of(voter.person).get(proxy_url(assembly))
    assert VOTED not in text(response)
    assert other in response.context["form"].fields["giver"].queryset
