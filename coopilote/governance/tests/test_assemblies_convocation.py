"""The convocation of a general assembly: each member on the roll is written to, alone, with its
date, place and agenda, how to vote and how to give a proxy. The page before sending names who
cannot be reached and says how many days are left before the assembly; when the convocation
cannot go, it says why and offers no button."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Assembly
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

LINK = "https://coopilote.example/gouvernance/assemblees/x/"


@pytest.fixture
def coop(union):
    return scic(union)


@pytest.fixture
def assembly(coop):
    made, _roll = make_assembly(general_assembly(coop), {"": 3}, secret=True, proxy_cap=2)
    Assembly.objects.filter(pk=made.pk).update(
        held_on=timezone.localdate() + datetime.timedelta(days=20),
        starts_at=datetime.time(14, 30),
        place="Maison des Scop, 74 rue Maurice-Flandin, Lyon",
    )
    made.refresh_from_db()
    resolution(made, title="Approbation des comptes")
    resolution(made, title="Affectation du résultat")
    return made


@pytest.fixture
def manager(coop):
    return member(coop, r.REFERENT)


def roll_emails(assembly: Assembly) -> list[str]:
    return sorted(line.person.email for line in assembly.voters.select_related("person"))


def test_each_member_on_the_roll_gets_the_date_place_agenda_and_how_to_vote(assembly):
    assert services.convene(None, assembly, link=LINK) == 3
    assert sorted(m.to[0] for m in mail.outbox) == roll_emails(assembly)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    day = assembly.held_on
    message = mail.outbox[0]
    assert message.subject.startswith("Convocation\u00a0: Assemblée générale ordinaire 2026, ")
    body = message.body
    # Named by its cooperative: the body's name (« Assemblée générale ») would only repeat it.
    assert (
        "Scic L’Épicerie des Pentes vous convoque à son assemblée générale "
        "«\u00a0Assemblée générale ordinaire 2026\u00a0»." in body
    )
    assert "de «\u00a0Assemblée générale\u00a0»" not in body
    assert "Date\u00a0: " in body and ", 14 h 30" in body and str(day.year) in body
    assert "Lieu\u00a0: Maison des Scop, 74 rue Maurice-Flandin, Lyon" in body
    assert "Ordre du jour\u00a0:\n1. Approbation des comptes\n2. Affectation du résultat" in body
    assert "chaque membre détient au plus 2\u00a0pouvoirs." in body
    assert "séparément de votre bulletin, et vous recevez un récépissé." in body
    assert "à part" not in body and "reçu " not in body
    # The roll is « la liste des votant·es », as on the pages.
    assert "rôle" not in body
    assert "un·e autre membre de la liste des votant·es" in body
    assert "Cette convocation a été envoyée à chaque membre de la liste des votant·es." in body
    # The assembly's one way of writing times (« 14 h 30 »), for its start and its closing.
    closes = timezone.localtime(assembly.closes_at)
    assert f"à {closes.hour} h {closes.minute:02d}\u00a0(heure de Paris)." in body
    assert LINK in body
    assert "&#x27;" not in body and "&amp;" not in body

    assembly.refresh_from_db()
    assert assembly.convened_at is not None and assembly.convened_count == 3
    event = AuditEvent.objects.get(action="governance.assembly_convene")
    assert event.summary["recipients"] == 3 and event.summary["without_address"] == 0
    assert event.summary["notice_days"] == 20


def test_members_without_an_address_are_counted_apart(assembly):
    people = [line.person for line in assembly.voters.select_related("person")]
    people[0].email = ""
    people[0].save()
    people[1].anonymized_at = timezone.now()
    people[1].save()
    found = services.recipients(assembly)
    assert found.people == [people[2]] and found.without_address == 2
    assert services.convene(None, assembly, link=LINK) == 1
    assert [m.to for m in mail.outbox] == [[people[2].email]]


@pytest.mark.parametrize("why", ["closed", "no resolution", "nobody to write to"])
def test_a_convocation_that_cannot_go_is_refused_and_nothing_is_sent(coop, why):
    made, roll = make_assembly(general_assembly(coop), {"": 1})
    if why == "closed":
        resolution(made)
        services.open_assembly(None, made)
        services.close_assembly(None, made)
    if why == "nobody to write to":
        resolution(made)
        person = roll[""][0].person
        person.email = ""
        person.save()
    with pytest.raises(services.AssemblyError):
        services.convene(None, made, link=LINK)
    assert mail.outbox == []
    made.refresh_from_db()
    assert made.convened_at is None
    assert not AuditEvent.objects.filter(action="governance.assembly_convene").exists()


def test_the_page_says_who_and_when_then_the_manager_sends(assembly, manager):
    url = reverse("governance:assembly_convene", kwargs={"pk": assembly.pk})
    client = client_of(manager)
    page = client.get(url)
    effects = [str(effect) for effect in page.context["effects"]]
    assert effects == [
        "3\u00a0membres de la liste des votant·es reçoivent la convocation par courriel\u00a0: "
        "date, lieu, ordre du jour, comment voter et comment donner un pouvoir."
    ]
    assert mail.outbox == []

    sent = client.post(url, follow=True)
    assert [str(m) for m in sent.context["messages"]] == [
        "La convocation est envoyée à 3\u00a0membres."
    ]
    assert len(mail.outbox) == 3
    html = sent.content.decode()
    assert "Convocation envoyée le " in html and "à 3\u00a0membres" in html
    assert "Renvoyer la convocation" in html


def test_the_page_warns_of_a_short_notice_and_of_a_convocation_already_sent(assembly, manager):
    Assembly.objects.filter(pk=assembly.pk).update(
        held_on=timezone.localdate() + datetime.timedelta(days=6)
    )
    services.convene(None, assembly, link=LINK)
    url = reverse("governance:assembly_convene", kwargs={"pk": assembly.pk})
    effects = [str(effect) for effect in client_of(manager).get(url).context["effects"]]
    assert effects[1] == (
        "L’assemblée a lieu dans 6\u00a0jours\u00a0: vérifiez le délai de convocation que vos "
        "statuts demandent (souvent 15\u00a0jours)."
    )
    assert effects[2].startswith("Une convocation est déjà partie le ")


def test_the_page_names_the_members_without_an_address(assembly, manager):
    people = [line.person for line in assembly.voters.select_related("person")]
    people[0].email = ""
    people[0].save()
    url = reverse("governance:assembly_convene", kwargs={"pk": assembly.pk})
    page = client_of(manager).get(url)
    effects = [str(effect) for effect in page.context["effects"]]
    assert effects[1] == (
        f"1\u00a0membre n’a pas d’adresse électronique, à convoquer autrement\u00a0: {people[0]}."
    )
    assert f'action="{url}"' in page.content.decode()  # the others can still be written to


@pytest.mark.parametrize(
    ("why", "refusal"),
    [
        ("no resolution", "Ajoutez d’abord les résolutions"),
        ("empty roll", "La liste des votant·es est vide"),
        ("nobody to write to", "Personne sur la liste des votant·es n’a d’adresse électronique"),
    ],
)
def test_a_convocation_that_cannot_go_says_why_up_front_without_a_button(
    coop, manager, why, refusal
):
    made, roll = make_assembly(general_assembly(coop), {"": 0 if why == "empty roll" else 2})
    if why != "no resolution":
        resolution(made)
    if why == "nobody to write to":
        for line in roll[""]:
            line.person.email = ""
            line.person.save()
    url = reverse("governance:assembly_convene", kwargs={"pk": made.pk})
    page = client_of(manager).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert refusal in html
    assert f'action="{url}"' not in html and "Envoyer la convocation" not in html
    if why == "nobody to write to":
        # Named, so that the staff convene them another way.
        assert all(str(line.person) in html for line in roll[""])
    # The service refuses for the same reasons, should the form be posted anyway.
    assert client_of(manager).post(url).status_code == 302
    assert mail.outbox == []


def test_a_voter_cannot_convene(assembly):
    voter = assembly.voters.first().person
    url = reverse("governance:assembly_convene", kwargs={"pk": assembly.pk})
    assert client_of(voter).get(url).status_code == 403
    assert client_of(voter).post(url).status_code == 403
    assert mail.outbox == []
