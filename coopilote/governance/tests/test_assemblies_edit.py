"""Changing a general assembly while it is prepared, and when its vote may close.

Whoever prepares an assembly (the body's managers) changes it with the form that created it,
until its vote opens; the page then says what is frozen. The members who attend the meeting
vote on the platform too (the roll only marks them present): the vote closes after the meeting
begins, never at a time already past."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coopilote.core.models import AuditEvent
from coopilote.core.templatetags.french import french_date
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

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def coop(union):
    return scic(union)


@pytest.fixture
def ga(coop):
    return general_assembly(coop)


@pytest.fixture
def manager(coop):
    return member(coop, r.REFERENT)


def in_days(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def settings_form(ga, **changes) -> dict[str, str]:
    """The assembly's form: meeting in ten days at 18:30, votes open until its evening."""
    data = {
        "body": str(ga.pk),
        "title": "AG ordinaire 2027",
        "held_on": in_days(10, 0).date().isoformat(),
        "starts_at": "18:30",
        "place": "Salle des fêtes, Clermont-Ferrand",
        "closes_at": in_days(10, 21).strftime(LOCAL),
        "quorum": "25",
        "proxy_cap": "2",
    }
    data.update(changes)
    return data


def edit_url(assembly: Assembly) -> str:
    return reverse("governance:assembly_edit", kwargs={"pk": assembly.pk})


# --- changing a prepared assembly ----------------------------------------------------------------


def test_the_manager_changes_a_prepared_assembly_with_the_form_that_created_it(ga, manager):
    assembly, _roll = make_assembly(ga, {"": 2})
    client = client_of(manager)
    detail = client.get(reverse("governance:assembly", kwargs={"pk": assembly.pk}))
    assert f'href="{edit_url(assembly)}"' in detail.content.decode()

    page = client.get(edit_url(assembly))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["title"].value() == "Assemblée générale ordinaire 2026"
    assert form["body"].field.disabled  # the roll and the colleges belong to the body
    html = page.content.decode()
    assert "Modifier l’assemblée" in html
    closes = timezone.localtime(assembly.closes_at).strftime(LOCAL)
    assert f'name="closes_at" value="{closes}"' in html  # in the site's time zone, as typed
    cancel = reverse("governance:assembly", kwargs={"pk": assembly.pk})
    assert f'<a href="{cancel}" role="button" class="secondary outline">Annuler</a>' in html

    other_body = general_assembly(scic(ga.union, "Scic Autre"))
    response = client.post(
        edit_url(assembly),
        settings_form(ga, body=str(other_body.pk), secret="on", status="open"),
    )
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.body_id == ga.pk  # a disabled field: the posted body is ignored
    assert assembly.status == Assembly.Status.DRAFT  # mass assignment: ignored
    assert assembly.title == "AG ordinaire 2027"
    assert assembly.held_on == in_days(10, 0).date()
    assert assembly.starts_at == datetime.time(18, 30)
    assert assembly.place == "Salle des fêtes, Clermont-Ferrand"
    assert assembly.closes_at == in_days(10, 21)
    assert assembly.secret is True
    event = AuditEvent.objects.get(action="governance.assembly_update")
    assert event.actor == manager.user and event.object_id == str(assembly.pk)
    assert event.summary["fields"] == [
        "closes_at",
        "held_on",
        "place",
        "secret",
        "starts_at",
        "title",
    ]


def test_a_voter_may_not_change_the_assembly(ga):
    assembly, roll = make_assembly(ga, {"": 2})
    voter = client_of(roll[""][0].person)
    assert voter.get(edit_url(assembly)).status_code == 403
    assert voter.post(edit_url(assembly), settings_form(ga)).status_code == 403
    assembly.refresh_from_db()
    assert assembly.title == "Assemblée générale ordinaire 2026"


def test_once_the_vote_is_open_nothing_changes_and_the_page_says_what_is_frozen(ga, manager):
    assembly, _roll = make_assembly(ga, {"": 2})
    resolution(assembly)
    services.open_assembly(None, assembly)
    client = client_of(manager)
    assert client.get(edit_url(assembly)).status_code == 403
    assert client.post(edit_url(assembly), settings_form(ga)).status_code == 403
    with pytest.raises(services.AssemblyError):
        services.update_assembly(
            None,
            assembly,
            title="Autre titre",
            held_on=assembly.held_on,
            closes_at=assembly.closes_at,
            quorum=Decimal(50),
            proxy_cap=1,
            secret=True,
        )
    assembly.refresh_from_db()
    assert assembly.title == "Assemblée générale ordinaire 2026"
    html = client.get(reverse("governance:assembly", kwargs={"pk": assembly.pk})).content.decode()
    assert edit_url(assembly) not in html
    assert (
        "Le vote est ouvert\u00a0: le titre, la date, l’heure, le lieu, la clôture du vote, le "
        "quorum, le nombre de pouvoirs par personne et le type de scrutin, la liste des votant·es "
        "et les résolutions ne peuvent plus être modifiés." in html
    )


def test_a_closing_time_past_sends_the_manager_to_the_edit_page_instead_of_the_button(ga, manager):
    assembly, _roll = make_assembly(ga, {"": 2})
    resolution(assembly)
    Assembly.objects.filter(pk=assembly.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = client_of(manager)
    detail = reverse("governance:assembly", kwargs={"pk": assembly.pk})
    html = client.get(detail).content.decode()
    opening = reverse("governance:assembly_open", kwargs={"pk": assembly.pk})
    assert "L’heure de clôture est passée" in html
    warning = html[html.index("L’heure de clôture est passée") :]
    assert warning.index(f'href="{edit_url(assembly)}"') < warning.index("</p>")
    assert f'action="{opening}"' not in html

    # Moved to the meeting's evening, the vote opens.
    assert client.post(edit_url(assembly), settings_form(ga)).status_code == 302
    assert f'action="{opening}"' in client.get(detail).content.decode()
    assert client.post(opening).status_code == 302
    assembly.refresh_from_db()
    assert assembly.status == Assembly.Status.OPEN


# --- when the vote may close ---------------------------------------------------------------------


def test_a_vote_closing_before_the_meeting_is_refused_on_its_field(ga, manager):
    """Meeting on day 10 at 18:30, votes closing on day 9 at noon: those in the room could not
    vote. The form says so on the closing's field, at creation and when the assembly changes."""
    client = client_of(manager)
    early = settings_form(ga, closes_at=in_days(9, 12).strftime(LOCAL))
    created = client.post(reverse("governance:assembly_create"), early)
    assert created.status_code == 200
    form = created.context["form"]
    assert list(form.errors) == ["closes_at"]
    error = form.errors["closes_at"][0]
    assert error.startswith("Le vote serait clos avant le début de l’assemblée (")
    assert " à 18 h 30), or les membres qui y assistent votent aussi sur la plateforme" in error
    assert escape(error) in created.content.decode()
    assert not Assembly.objects.exists()

    # At the very start of the meeting, still too early; once it has begun, accepted.
    at_start = settings_form(ga, closes_at=in_days(10, 18, 30).strftime(LOCAL))
    assert client.post(reverse("governance:assembly_create"), at_start).status_code == 200
    during = settings_form(ga, closes_at=in_days(10, 18, 31).strftime(LOCAL))
    assert client.post(reverse("governance:assembly_create"), during).status_code == 302
    assembly = Assembly.objects.get()

    changed = client.post(edit_url(assembly), early)
    assert changed.status_code == 200 and changed.context["form"].has_error("closes_at")
    assembly.refresh_from_db()
    assert assembly.closes_at == in_days(10, 18, 31)


def test_without_a_start_time_the_vote_closes_on_the_meeting_s_day_or_later(ga, manager):
    client = client_of(manager)
    eve = settings_form(ga, starts_at="", closes_at=in_days(9, 23, 59).strftime(LOCAL))
    refused = client.post(reverse("governance:assembly_create"), eve)
    assert refused.context["form"].has_error("closes_at")
    day = french_date(in_days(10, 0).date(), "l j F Y")
    assert (
        f"avant le début de l’assemblée ({day})," in refused.context["form"].errors["closes_at"][0]
    )
    same_day = settings_form(ga, starts_at="", closes_at=in_days(10, 9).strftime(LOCAL))
    assert client.post(reverse("governance:assembly_create"), same_day).status_code == 302


def test_a_closing_time_already_past_is_refused_at_creation_and_when_changed(ga, manager):
    client = client_of(manager)
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime(LOCAL)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = settings_form(ga, held_on=yesterday, starts_at="09:00", closes_at=past)
    created = client.post(reverse("governance:assembly_create"), data)
    assert created.status_code == 200
    assert created.context["form"].errors["closes_at"] == [
        "Cette heure de clôture est déjà passée\u00a0: choisissez-en une à venir."
    ]
    assert not Assembly.objects.exists()

    assembly, _roll = make_assembly(ga, {"": 1})
    changed = client.post(edit_url(assembly), data)
    assert changed.status_code == 200 and changed.context["form"].has_error("closes_at")
    assert not AuditEvent.objects.filter(action="governance.assembly_update").exists()


def test_the_services_refuse_the_same_closing_times(ga):
    """Whoever calls them (a form, the demo, a script): nothing is written."""
    start = in_days(10, 18, 30)
    with pytest.raises(services.AssemblyError):
        services.create_assembly(
            None,
            ga,
            title="AG",
            held_on=start.date(),
            starts_at=start.time(),
            closes_at=in_days(9, 12),
        )
    with pytest.raises(services.AssemblyError):
        services.create_assembly(
            None,
            ga,
            title="AG",
            held_on=timezone.localdate() - datetime.timedelta(days=3),
            closes_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    assert not Assembly.objects.exists()
    assert not AuditEvent.objects.filter(action="governance.assembly_create").exists()


# --- what was already given or sent ----------------------------------------------------------


def test_the_proxy_cap_cannot_fall_below_the_proxies_a_holder_already_holds(ga, manager):
    assembly, roll = make_assembly(ga, {"": 4}, proxy_cap=2)
    holder, first, second, _last = roll[""]
    services.give_proxy(None, assembly, first, holder)
    services.give_proxy(None, assembly, second, holder)
    response = client_of(manager).post(edit_url(assembly), settings_form(ga, proxy_cap="1"))
    assert response.status_code == 200
    assert (
        f"{escape(str(holder.person))} détient déjà 2\u00a0pouvoirs\u00a0: le plafond ne peut "
        "pas être plus bas." in response.content.decode()
    )
    assembly.refresh_from_db()
    assert assembly.proxy_cap == 2 and assembly.title == "Assemblée générale ordinaire 2026"
    # Two proxies held: a cap of two is still possible.
    assert client_of(manager).post(edit_url(assembly), settings_form(ga)).status_code == 302


def test_changing_what_the_convocation_said_asks_to_send_it_again(ga, manager):
    assembly, _roll = make_assembly(ga, {"": 2})
    resolution(assembly)
    services.convene(None, assembly, link="https://coopilote.example/")
    client = client_of(manager)
    response = client.post(edit_url(assembly), settings_form(ga), follow=True)
    page = response.content.decode()
    assert "La convocation envoyée le " in page and "renvoyez-la" in page
    # Saved again with nothing the convocation gives changed: no warning.
    response = client.post(edit_url(assembly), settings_form(ga), follow=True)
    assert "renvoyez-la" not in response.content.decode()
