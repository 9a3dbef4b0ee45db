"""The board's pages: listing with filters, posting, editing and closing offers and needs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopilote.conftest import World
from coopilote.core.models import AuditEvent, Sector
from coopilote.directory.models import Post
from coopilote.directory.tests.conftest import commune
from coopilote.members import roles as r
from coopilote.members.tests.factories import CooperativeFactory, MembershipFactory


def make_post(cooperative: Any, **fields: Any) -> Post:
    values = {
        "kind": "need",
        "category": "subcontracting",
        "title": "Sous-traitance menuiserie bois sur chantier à Lyon",
        "description": "Pose de menuiseries intérieures, trois semaines en mars.",
    }
    values.update(fields)
    return Post.objects.create(cooperative=cooperative, **values)


def client_of(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def titles(response: Any) -> list[str]:
    return [post.title for post in response.context["page"].object_list]


def form_data(world: World, **fields: Any) -> dict[str, Any]:
    data = {
        "cooperative": str(world.cooperative.pk),
        "kind": "offer",
        "category": "accounting",
        "title": "Mutualiser un poste de comptable à mi-temps",
        "description": "Notre comptable a du temps libre le jeudi et le vendredi.",
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_board_lists_open_posts_only_newest_first(world: World):
    make_post(world.cooperative, title="Ancien besoin")
    make_post(world.other_cooperative, title="Nouvelle offre", kind="offer")
    make_post(world.cooperative, title="Clos", closed_at=timezone.now())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_post(world.cooperative, title="Périmé", end_date=yesterday)
    response = Client().get(reverse("directory:board"))
    assert response.status_code == 200
    assert titles(response) == ["Nouvelle offre", "Ancien besoin"]


@pytest.mark.django_db
def test_board_hides_the_posts_of_cooperatives_that_left(world: World):
    make_post(world.other_cooperative, title="Offre d’une coopérative partie")
    world.other_cooperative.is_active = False
    world.other_cooperative.save()
    assert titles(Client().get(reverse("directory:board"))) == []


@pytest.mark.django_db
def test_board_filters_by_kind_category_sector_departement_and_words(world: World):
    building = Sector.objects.create(slug="batiment", name="Bâtiment", order=1)
    grenoble = commune("38185")
    make_post(world.cooperative, title="Besoin BTP", sector=building)
    make_post(world.cooperative, title="Offre de locaux", kind="offer", category="premises")
    make_post(
        world.other_cooperative,
        title="Besoin à Grenoble",
        commune=grenoble,
        department=grenoble.department,
        description="Un véhicule utilitaire.",
    )
    board = reverse("directory:board")
    assert titles(Client().get(board, {"type": "offre"})) == ["Offre de locaux"]
    assert set(titles(Client().get(board, {"type": "besoin"}))) == {
        "Besoin BTP",
        "Besoin à Grenoble",
    }
    assert titles(Client().get(board, {"categorie": "premises"})) == ["Offre de locaux"]
    assert titles(Client().get(board, {"secteur": "batiment"})) == ["Besoin BTP"]
    assert titles(Client().get(board, {"departement": "38"})) == ["Besoin à Grenoble"]
    assert titles(Client().get(board, {"q": "utilitaire"})) == ["Besoin à Grenoble"]


@pytest.mark.django_db
def test_board_pages_twenty_posts_at_a_time(world: World):
    for number in range(23):
        make_post(world.cooperative, title=f"Besoin {number}")
    response = Client().get(reverse("directory:board"), {"page": 2})
    assert len(titles(response)) == 3
    assert response.context["page"].paginator.count == 23


@pytest.mark.django_db
def test_a_referent_posts_for_their_cooperative_with_an_audit_row(world: World):
    response = client_of(world, "referent").post(reverse("directory:post_create"), form_data(world))
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:post", kwargs={"pk": post.pk})
    assert post.cooperative == world.cooperative
    assert post.created_by == world.user("referent")
    event = AuditEvent.objects.by_action("post.create").get()
    assert event.object_id == str(post.pk)


@pytest.mark.django_db
def test_a_referent_of_several_cooperatives_chooses_which_one_posts(world: World):
    second = CooperativeFactory(union=world.union, name="Scop du Plateau")
    MembershipFactory(cooperative=second, person=world.people["referent"], role=r.MANAGER)
    client = client_of(world, "referent")
    offered = client.get(reverse("directory:post_create")).context["form"]["cooperative"]
    assert {choice.choice_label for choice in offered} == {
        "Menuiserie des Monts",
        "Scop du Plateau",
    }
    client.post(reverse("directory:post_create"), form_data(world, cooperative=str(second.pk)))
    assert Post.objects.get().cooperative == second


@pytest.mark.django_db
def test_a_referent_cannot_post_for_another_cooperative(world: World):
    client = client_of(world, "referent")
    data = form_data(world, cooperative=str(world.other_cooperative.pk))
    response = client.post(reverse("directory:post_create"), data)
    assert response.status_code == 200
    assert "cooperative" in response.context["form"].errors
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_posting_ignores_the_author_and_closing_date_sent_in_the_form(world: World):
    other = world.user("other_coop_referent")
    data = form_data(world, created_by=str(other.pk), closed_at="2020-01-01T00:00", id="x")
    client_of(world, "referent").post(reverse("directory:post_create"), data)
    post = Post.objects.get()
    assert post.created_by == world.user("referent")
    assert post.closed_at is None


@pytest.mark.django_db
def test_a_member_without_an_editing_role_may_not_post(world: World):
    response = client_of(world, "member").get(reverse("directory:post_create"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_bad_dates_are_refused_in_french_and_the_text_is_kept(world: World):
    data = form_data(world, start_date="2027-03-10", end_date="2027-03-01")
    response = client_of(world, "referent").post(reverse("directory:post_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "La fin ne peut pas précéder le début." in content
    assert "Mutualiser un poste de comptable à mi-temps" in content
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_an_end_date_already_past_is_refused(world: World):
    """The board lists current posts: this one would say « publiée » and never be seen."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = form_data(world, start_date="2020-01-01", end_date=yesterday.isoformat())
    response = client_of(world, "referent").post(reverse("directory:post_create"), data)
    assert response.status_code == 200
    assert "Cette date de fin est déjà passée." in response.content.decode()
    assert not Post.objects.exists()
    data["end_date"] = timezone.localdate().isoformat()  # today still counts
    response = client_of(world, "referent").post(reverse("directory:post_create"), data)
    assert response.status_code == 302
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_offer_or_need_offers_no_empty_choice(world: World):
    response = client_of(world, "referent").get(reverse("directory:post_create"))
    content = response.content.decode()
    assert content.count('name="kind"') == 2
    assert 'name="kind" value=""' not in content


@pytest.mark.django_db
def test_a_commune_typed_by_name_sets_its_departement(world: World):
    grenoble = commune("38185")
    data = form_data(world, commune="grenoble")
    client_of(world, "referent").post(reverse("directory:post_create"), data)
    post = Post.objects.get()
    assert post.commune == grenoble
    assert post.department_id == "38"


@pytest.mark.django_db
def test_an_unknown_commune_is_refused_in_french(world: World):
    data = form_data(world, commune="99999")
    response = client_of(world, "referent").post(reverse("directory:post_create"), data)
    assert "Aucune commune" in str(response.context["form"].errors["commune"])
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_editing_names_the_changed_fields_and_ignores_the_rest(world: World):
    post = make_post(world.cooperative)
    data = {
        "kind": "need",
        "category": "subcontracting",
        "title": "Sous-traitance menuiserie alu",
        "description": post.description,
        "cooperative": str(world.other_cooperative.pk),
        "created_by": str(world.user("other_coop_referent").pk),
        "closed_at": "2020-01-01T00:00",
    }
    url = reverse("directory:post_edit", kwargs={"pk": post.pk})
    response = client_of(world, "referent").post(url, data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Sous-traitance menuiserie alu"
    assert post.cooperative == world.cooperative
    assert post.created_by is None and post.closed_at is None
    event = AuditEvent.objects.by_action("post.update").get()
    assert event.summary["fields"] == ["title"]


@pytest.mark.django_db
def test_another_cooperative_may_not_edit_or_close_a_post(world: World):
    post = make_post(world.cooperative)
    client = client_of(world, "other_coop_referent")
    edit = client.post(reverse("directory:post_edit", kwargs={"pk": post.pk}), {"title": "x"})
    close = client.post(reverse("directory:post_close", kwargs={"pk": post.pk}))
    assert (edit.status_code, close.status_code) == (403, 403)
    post.refresh_from_db()
    assert post.closed_at is None and post.title.startswith("Sous-traitance")


@pytest.mark.django_db
def test_closing_a_post_takes_it_off_the_board_once(world: World):
    post = make_post(world.cooperative)
    client = client_of(world, "referent")
    url = reverse("directory:post_close", kwargs={"pk": post.pk})
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    post.refresh_from_db()
    assert post.closed_at is not None
    assert AuditEvent.objects.by_action("post.close").count() == 1
    assert titles(Client().get(reverse("directory:board"))) == []
    # Its cooperative still reads it; the public no longer does.
    assert client.get(reverse("directory:post", kwargs={"pk": post.pk})).status_code == 200
    assert Client().get(reverse("directory:post", kwargs={"pk": post.pk})).status_code == 404


@pytest.mark.django_db
def test_closing_takes_a_post_request(world: World):
    post = make_post(world.cooperative)
    url = reverse("directory:post_close", kwargs={"pk": post.pk})
    response = client_of(world, "referent").get(url)
    assert response.status_code == 302  # sent to the post's page: nothing done
    assert response["Location"] == reverse("directory:post", kwargs={"pk": post.pk})
    post.refresh_from_db()
    assert post.closed_at is None
