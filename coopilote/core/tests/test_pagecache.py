"""Public pages from the cache: fresh after every committed edit, never for a session."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from coopilote.core import pagecache
from coopilote.directory.tests.conftest import coop
from coopilote.members.tests.helpers import client_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def search(client: Client, q: str, **headers: str) -> str:
    return client.get(reverse("directory:search"), {"q": q}, headers=headers).content.decode()


def test_a_visitor_without_a_session_gets_the_page_again_without_a_query(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coop("Atelier du Canal", "Imprimerie.")
    first = search(Client(), "imprimerie")
    assert "Atelier du Canal" in first
    with django_assert_num_queries(0):
        again = search(Client(), "imprimerie")
    assert again == first


def test_a_committed_edit_is_on_the_next_page(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = coop("Atelier du Canal", "Imprimerie.")
    assert "Atelier du Canal" in search(Client(), "imprimerie")
    cooperative.name = "Atelier de la Vanne"
    with django_capture_on_commit_callbacks(execute=True):
        cooperative.save()
    page = search(Client(), "imprimerie")
    assert "Atelier de la Vanne" in page
    assert "Atelier du Canal" not in page


def test_an_edit_rolled_back_or_not_yet_committed_does_not_outdate_the_pages(
    django_capture_on_commit_callbacks,
):
    before = pagecache.version()
    with django_capture_on_commit_callbacks(execute=False):
        coop("Atelier du Canal", "Imprimerie.")
    assert pagecache.version() == before


def test_the_cooperative_page_of_a_logged_in_person_is_never_kept_nor_served(
    world, client, django_capture_on_commit_callbacks
):
    url = reverse("members:cooperative", args=[world.cooperative.pk])
    anonymous = Client().get(url).content.decode()
    referent = client_as(client, world, "referent").get(url).content.decode()
    assert referent != anonymous, "the referent sees their own page, not the visitor's"
    assert Client().get(url).content.decode() == anonymous


def test_the_htmx_fragment_and_the_whole_page_are_kept_apart(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coop("Atelier du Canal", "Imprimerie.")
    whole = search(Client(), "imprimerie")
    fragment = search(Client(), "imprimerie", HX_Request="true", HX_Target="directory-results")
    assert "<html" in whole
    assert "<html" not in fragment
    assert "<html" in search(Client(), "imprimerie")


def test_a_visitor_with_a_messages_cookie_gets_a_fresh_page(django_assert_max_num_queries):
    search(Client(), "imprimerie")
    client = Client()
    client.cookies["messages"] = "x"
    with django_assert_max_num_queries(50) as context:
        search(client, "imprimerie")
    assert len(context.captured_queries) > 0


def test_a_response_using_the_csrf_token_or_setting_a_cookie_is_not_kept():
    calls = []

    @pagecache.public_page
    def with_token(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        return HttpResponse(get_token(request))

    @pagecache.public_page
    def with_cookie(request: HttpRequest) -> HttpResponse:
        calls.append(2)
        response = HttpResponse("ok")
        response.set_cookie("seen", "1")
        return response

    factory = RequestFactory()
    for view in (with_token, with_token, with_cookie, with_cookie):
        view(factory.get("/page"))
    assert calls == [1, 1, 2, 2]


def test_only_a_200_is_kept():
    statuses = iter([404, 500, 200, 201])

    @pagecache.public_page
    def flaky(request: HttpRequest) -> HttpResponse:
        return HttpResponse("page", status=next(statuses))

    factory = RequestFactory()
    seen = [flaky(factory.get("/page")).status_code for _ in range(4)]
    assert seen == [404, 500, 200, 200], "the 200 was kept, the errors were not"


def test_the_api_payload_is_kept_per_url(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coop("Atelier du Canal", "Imprimerie.")
    url = reverse("directory_api:cooperatives")
    first = Client().get(url, {"q": "imprimerie"}).json()
    assert [row["name"] for row in first["results"]] == ["Atelier du Canal"]
    with django_assert_num_queries(0):
        assert Client().get(url, {"q": "imprimerie"}).json() == first
    assert Client().get(url, {"q": "menuiserie"}).json()["count"] == 0


def test_turned_off_with_zero_seconds(settings, django_assert_max_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    search(Client(), "imprimerie")
    with django_assert_max_num_queries(50) as context:
        search(Client(), "imprimerie")
    assert len(context.captured_queries) > 0


def test_a_bulk_import_refreshing_the_directory_outdates_the_pages(
    django_capture_on_commit_callbacks,
):
    from coopilote.directory.services import refresh_entries
    from coopilote.members.models import Cooperative

    with django_capture_on_commit_callbacks(execute=True):
        cooperative = coop("Atelier du Canal", "Imprimerie.")
    assert "Atelier du Canal" in search(Client(), "imprimerie")
    # As an import does: a bulk update (no signal), then the directory's refresh.
    Cooperative.objects.filter(pk=cooperative.pk).update(name="Atelier de la Vanne")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_entries([cooperative.pk])
    assert "Atelier de la Vanne" in search(Client(), "imprimerie")


def test_a_practice_sheet_published_by_a_cooperative_is_on_its_next_page(
    world, django_capture_on_commit_callbacks
):
    """The cooperative's page lists its governance practices: another app's data."""
    from coopilote.governance.tests.rules_fixtures import practice_sheet

    url = reverse("members:cooperative", args=[world.cooperative.pk])
    assert "Élection sans candidat au CA" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        practice_sheet(
            world.cooperative, world.people["referent"], title="Élection sans candidat au CA"
        )
    assert "Élection sans candidat au CA" in Client().get(url).content.decode()


def test_the_default_union_of_visitors_is_kept_until_a_write(
    world, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from coopilote.members.current import current_union

    settings.DEFAULT_UNION = world.union.slug
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert current_union(request) == world.union
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert current_union(request) == world.union
    world.union.short_name = "UR renommée"
    with django_capture_on_commit_callbacks(execute=True):
        world.union.save()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert current_union(request).short_name == "UR renommée"
