"""The index follows the edits: a committed change is searchable, a rolled-back one is not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.directory.models import DirectoryEntry
from coopilote.directory.tests.conftest import coop
from coopilote.members import roles as r
from coopilote.members.tests.factories import MembershipFactory
from coopilote.members.tests.helpers import client_as, referent_data

pytestmark = pytest.mark.django_db


def listed(q: str) -> list[str]:
    response = Client().get(reverse("directory:search"), {"q": q})
    return [cooperative.name for cooperative, _ in response.context["results"].rows]


def test_an_edited_description_is_found_once_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = coop("Atelier du Canal", "Imprimerie.")
    assert listed("sérigraphie") == []
    cooperative.description = "Imprimerie et sérigraphie artisanale."
    with django_capture_on_commit_callbacks(execute=True):
        cooperative.save()
    assert listed("serigraphie") == ["Atelier du Canal"]


def test_nothing_is_indexed_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        coop("Atelier du Canal", "Imprimerie.")
    assert callbacks, "the refresh waits for the commit"
    assert not DirectoryEntry.objects.exists()


def test_a_new_cae_activity_is_found(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cae = coop("Coopérative d’activités Rhône", is_cae=True)
    assert listed("apiculture") == []
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(cooperative=cae, role=r.ENTREPRENEUR, activity="Apiculture et miel")
    assert listed("apiculture") == ["Coopérative d’activités Rhône"]


def test_a_deleted_cooperative_leaves_no_trace_in_the_index(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = coop("Atelier du Canal", "Imprimerie.")
    with django_capture_on_commit_callbacks(execute=True):
        cooperative.delete()
    assert listed("imprimerie") == []
    assert not DirectoryEntry.objects.exists()


def test_the_referents_edit_page_refreshes_the_entry(
    world, client, django_capture_on_commit_callbacks
):
    cooperative = world.cooperative
    data = referent_data(cooperative, description="Ateliers de sérigraphie partagés.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(client, world, "referent").post(
            reverse("members:cooperative_edit", args=[cooperative.pk]), data
        )
    assert response.status_code == 302
    assert listed("serigraphie") == [cooperative.name]
