"""Practice sheets: writing, search, comments, « we tried it too », the cooperative's page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopilote.conftest import World
from coopilote.core.models import AuditEvent
from coopilote.governance.models import PracticeComment, PracticeSheet, PracticeTag, PracticeTrial
from coopilote.governance.models.practices import fold
from coopilote.governance.services import practices
from coopilote.governance.tests.rules_fixtures import practice_sheet
from coopilote.members import roles as r
from coopilote.members.tests.factories import CooperativeFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def sheet_data(world: World, **fields):
    data = {
        "cooperative": str(world.cooperative.pk),
        "title": "Élection sans candidat de la gérance",
        "context": "Une gérance à renouveler, personne ne se présentait.",
        "actions": "Tour de nominations, puis consentement.",
        "worked": "Des personnes inattendues ont été proposées.",
        "did_not_work": "",
        "tools": "",
        "contact": "",
        "tags": ["sociocratie", "election-sans-candidat"],
        "published": "on",
    }
    data.update(fields)
    return data


def test_the_tags_are_seeded(db):
    slugs = set(PracticeTag.objects.values_list("slug", flat=True))
    assert {"sociocratie", "cogestion", "conflit", "co-presidence", "ecologie"} <= slugs


def test_a_referent_writes_a_sheet_for_their_cooperative_only(world: World):
    response = client_for(world, "referent").post(
        reverse("governance:practice_create"),
        sheet_data(world, author=str(world.people["staff"].pk), search_text="piège"),
    )
    assert response.status_code == 302
    sheet = PracticeSheet.objects.get()
    assert sheet.cooperative == world.cooperative
    assert sheet.author == world.people["referent"]
    assert set(sheet.tags.values_list("slug", flat=True)) == {
        "sociocratie",
        "election-sans-candidat",
    }
    assert "piege" not in sheet.search_text and "election sans candidat" in sheet.search_text
    assert AuditEvent.objects.filter(action="governance.practice_create").count() == 1
    # Another union's cooperative is not among the referent's choices.
    refused = client_for(world, "referent").post(
        reverse("governance:practice_create"),
        sheet_data(world, cooperative=str(world.other_cooperative.pk)),
    )
    assert refused.status_code == 200 and PracticeSheet.objects.count() == 1


def test_an_associate_does_not_write_sheets(world: World):
    response = client_for(world, "member").get(reverse("governance:practice_create"))
    assert response.status_code == 403


def test_editing_another_cooperatives_sheet_is_a_404(world: World):
    sheet = practice_sheet(world.cooperative, world.people["referent"])
    url = reverse("governance:practice_edit", kwargs={"pk": sheet.pk})
    response = client_for(world, "other_coop_referent").post(url, {"title": "Piraté"})
    assert response.status_code == 404
    assert client_for(world, "member").get(url).status_code == 404
    sheet.refresh_from_db()
    assert sheet.title == "Une coprésidence à trois voix"


def test_the_author_edits_and_the_cooperative_never_changes(world: World):
    sheet = practice_sheet(world.cooperative, world.people["referent"])
    url = reverse("governance:practice_edit", kwargs={"pk": sheet.pk})
    data = sheet_data(world, title="Coprésidence : deux ans après")
    data["cooperative"] = str(world.other_cooperative.pk)
    response = client_for(world, "referent").post(url, data)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.title == "Coprésidence : deux ans après"
    assert sheet.cooperative == world.cooperative
    assert "copresidence" in sheet.search_text


@pytest.mark.parametrize(
    "query", ["coprésidence", "COPRESIDENCE", "copresidence", "coprés", "retraite fondateur"]
)
def test_search_ignores_accents_and_case(world: World, query: str):
    practice_sheet(world.cooperative, world.people["referent"], title="Une coprésidence")
    practice_sheet(
        world.other_cooperative,
        world.people["other_coop_referent"],
        title="Cercles et rôles",
        context="Une équipe en croissance.",
        actions="Des cercles sociocratiques.",
        tags=["sociocratie"],
    )
    response = Client().get(reverse("governance:practice_list"), {"q": query})
    titles = [sheet.title for sheet in response.context["page"].object_list]
    assert titles == ["Une coprésidence"]


def test_search_finds_a_sheet_by_its_tag(world: World):
    practice_sheet(
        world.cooperative,
        world.people["referent"],
        title="Passer en cercles",
        context="Une équipe qui grandit.",
        actions="Des rôles élus sans candidat.",
        tags=["sociocratie"],
    )
    practice_sheet(
        world.cooperative,
        world.people["referent"],
        title="Autre",
        actions="Une médiation.",
        tags=["conflit"],
    )
    response = Client().get(reverse("governance:practice_list"), {"q": "Sociocratie"})
    assert [s.title for s in response.context["page"].object_list] == ["Passer en cercles"]


def test_the_tag_filter(world: World):
    practice_sheet(world.cooperative, world.people["referent"], title="A", tags=["conflit"])
    practice_sheet(world.cooperative, world.people["referent"], title="B", tags=["ecologie"])
    response = Client().get(reverse("governance:practice_list"), {"tag": "ecologie"})
    assert [s.title for s in response.context["page"].object_list] == ["B"]


def test_fold():
    assert fold("Cœur, Élan — l’Été") == "coeur, elan — l ete"


def test_unpublished_sheets_are_seen_by_their_cooperative_only(world: World):
    sheet = practice_sheet(world.cooperative, world.people["referent"], published=False)
    url = reverse("governance:practice_detail", kwargs={"pk": sheet.pk})
    assert Client().get(url).status_code == 404
    assert client_for(world, "other_coop_referent").get(url).status_code == 404
    assert client_for(world, "referent").get(url).status_code == 200
    listed = Client().get(reverse("governance:practice_list")).context["page"].object_list
    assert list(listed) == []


def test_an_anonymous_comment_is_refused(world: World):
    sheet = practice_sheet(world.cooperative, world.people["referent"])
    response = Client().post(
        reverse("governance:practice_comment", kwargs={"pk": sheet.pk}), {"text": "Bonjour"}
    )
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not PracticeComment.objects.exists()


def test_people_of_the_movement_comment(world: World):
    sheet = practice_sheet(world.cooperative, world.people["referent"])
    url = reverse("governance:practice_comment", kwargs={"pk": sheet.pk})
    client_for(world, "other_coop_referent").post(url, {"text": "Merci !", "sheet": "x"})
    comment = PracticeComment.objects.get()
    assert comment.author == world.people["other_coop_referent"] and comment.sheet == sheet


def test_we_tried_it_too_once_per_cooperative(world: World):
    sheet = practice_sheet(world.other_cooperative, world.people["other_coop_referent"])
    url = reverse("governance:practice_tried", kwargs={"pk": sheet.pk})
    data = {"cooperative": str(world.cooperative.pk), "note": "Chez nous aussi."}
    assert client_for(world, "member").post(url, data).status_code == 302
    trial = PracticeTrial.objects.get()
    assert trial.cooperative == world.cooperative and trial.person == world.people["member"]
    # The referent of the same cooperative: refused, one per cooperative.
    client_for(world, "referent").post(url, data)
    assert PracticeTrial.objects.count() == 1
    with pytest.raises(practices.PracticeError):
        practices.tried(world.user("referent"), sheet, world.cooperative, world.people["referent"])


def test_a_cooperative_does_not_try_its_own_sheet(world: World):
    sheet = practice_sheet(world.cooperative, world.people["referent"])
    url = reverse("governance:practice_tried", kwargs={"pk": sheet.pk})
    response = client_for(world, "referent").post(url, {"cooperative": str(world.cooperative.pk)})
    assert response.status_code == 403
    with pytest.raises(practices.PracticeError):
        practices.tried(world.user("referent"), sheet, world.cooperative, world.people["referent"])
    assert not PracticeTrial.objects.exists()


def test_an_employee_only_does_not_speak_for_the_cooperative(world: World):
    employee = MembershipFactory(cooperative=world.cooperative, role=r.EMPLOYEE).person
    sheet = practice_sheet(world.other_cooperative, world.people["other_coop_referent"])
    client = Client()
    client.force_login(employee.user)
    url = reverse("governance:practice_tried", kwargs={"pk": sheet.pk})
    assert client.post(url, {"cooperative": str(world.cooperative.pk)}).status_code == 403
    assert not PracticeTrial.objects.exists()


def test_the_cooperative_page_shows_its_sheets_and_those_it_tried(world: World):
    mine = practice_sheet(world.cooperative, world.people["referent"], title="Notre cogestion")
    theirs = practice_sheet(
        world.other_cooperative, world.people["other_coop_referent"], title="Leur AG"
    )
    practices.tried(world.user("member"), theirs, world.cooperative, world.people["member"])
    response = Client().get(reverse("members:cooperative", kwargs={"pk": world.cooperative.pk}))
    content = response.content.decode()
    assert reverse("governance:practice_detail", kwargs={"pk": mine.pk}) in content
    assert reverse("governance:practice_detail", kwargs={"pk": theirs.pk}) in content


def test_a_new_sheet_shows_at_once_on_the_cached_cooperative_page(
    world: World, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    url = reverse("members:cooperative", kwargs={"pk": world.cooperative.pk})
    assert "Une toute nouvelle pratique" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world, "referent").post(
            reverse("governance:practice_create"),
            sheet_data(world, title="Une toute nouvelle pratique"),
        )
    assert "Une toute nouvelle pratique" in Client().get(url).content.decode()


def test_the_cooperative_page_makes_as_many_queries_with_more_sheets(world: World):
    url = reverse("members:cooperative", kwargs={"pk": world.cooperative.pk})
    client = client_for(world, "staff")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow() -> None:
        for index in range(3):
            practice_sheet(world.cooperative, world.people["referent"], title=f"Fiche {index}")
            other = CooperativeFactory(union=world.union)
            sheet = practice_sheet(other, world.people["referent"], title=f"Autre {index}")
            PracticeTrial.objects.create(
                sheet=sheet, cooperative=world.cooperative, person=world.people["member"]
            )

    grow()
    count()
    before = count()
    grow()
    assert count() == before


def test_the_list_makes_as_many_queries_with_more_sheets(world: World):
    url = reverse("governance:practice_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    practice_sheet(world.cooperative, world.people["referent"])
    count()
    before = count()
    for index in range(4):
        practice_sheet(world.cooperative, world.people["referent"], title=f"Fiche {index}")
    assert count() == before
