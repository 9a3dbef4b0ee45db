"""Pages and who may use them: public reading, member comments, staff imports, merges, splits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from coopilote.conftest import World
from coopilote.roadmap.models import Comment, Congress, Proposal, ProposalLink, Scope, Status

pytestmark = pytest.mark.django_db


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def _proposal(congress: Congress, start: str) -> Proposal:
    return Proposal.objects.get(congress=congress, text__startswith=start)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_union_staff", 403),
        ("confederation", 403),
        ("staff", 200),
        ("board", 200),
        ("admin", 200),
    ],
)
def test_only_the_union_s_staff_and_board_open_the_merge_and_re_import_pages(
    world: World, congress: Congress, role: str, status: int
) -> None:
    client = _client(world, role)
    for name in ("roadmap:merge", "roadmap:congress_reimport", "roadmap:table_import"):
        response = client.get(reverse(name, args=[congress.pk]))
        assert response.status_code == status, name
    split = client.get(reverse("roadmap:split", args=[_proposal(congress, "Enrichir").pk]))
    assert split.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("staff", 200), ("board", 200)],
)
def test_the_new_congress_import_page_is_for_staff_and_board(
    world: World, role: str, status: int
) -> None:
    client = _client(world, role)
    assert client.get(reverse("roadmap:congress_import")).status_code == status


def test_other_union_staff_cannot_merge_by_posting_either(world: World, congress: Congress) -> None:
    first, second, _ = Proposal.objects.in_congress(congress).filter(theme__number=1)
    response = _client(world, "other_union_staff").post(
        reverse("roadmap:merge", args=[congress.pk]),
        {"proposals": [first.pk, second.pk], "title": "Fusion."},
    )
    assert response.status_code == 403
    assert not ProposalLink.objects.exists()


def test_everyone_reads_the_congress_with_its_themes_sub_groups_and_scope_badges(
    world: World, congress: Congress
) -> None:
    response = _client(world, "anonymous").get(congress.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "2. Transition écologique" in html
    assert "3) Développer des outils financiers nationaux" in html
    assert "Enrichir l’offre :" in html
    assert html.count('class="scope scope-national scope-suggested"') == 8
    assert gettext("Merge proposals") not in html


def test_the_scope_filter_shows_only_national_proposals(world: World, congress: Congress) -> None:
    html = (
        _client(world, "anonymous")
        .get(congress.get_absolute_url(), {"scope": "national"})
        .content.decode()
    )
    assert html.count('class="scope scope-national') == 8
    assert "1. Démocratie dans les coopératives" not in html


def test_the_congress_list_shows_the_current_union_s_congresses(
    world: World, congress: Congress
) -> None:
    html = _client(world, "staff").get(reverse("roadmap:congress_list")).content.decode()
    assert congress.name in html
    assert reverse("roadmap:congress_import") in html


def test_staff_previews_then_applies_an_upload(world: World, seed_bytes: bytes) -> None:
    client = _client(world, "staff")
    url = reverse("roadmap:congress_import")
    upload = SimpleUploadedFile("congres.txt", seed_bytes, content_type="text/plain")
    preview = client.post(url, {"file": upload, "action": "preview", "place": "Lyon"})
    assert preview.status_code == 200
    assert not Congress.objects.exists()
    html = preview.content.decode()
    counts = [
        ngettext("%(total)s theme", "%(total)s themes", 11) % {"total": 11},
        ngettext("%(total)s proposal", "%(total)s proposals", 37) % {"total": 37},
        ngettext("%(total)s sub-item", "%(total)s sub-items", 4) % {"total": 4},
        ngettext(
            "%(total)s suggested at national level", "%(total)s suggested at national level", 8
        )
        % {"total": 8},
    ]
    assert ", ".join(counts) + "." in html
    # The preview puts the text in the form so that applying needs no second upload.
    text = preview.context["form"].initial["text"]
    applied = client.post(url, {"text": text, "action": "apply", "place": "Lyon"})
    congress = Congress.objects.get()
    assert applied.status_code == 302 and applied["Location"] == congress.get_absolute_url()
    assert congress.place == "Lyon"
    assert Proposal.objects.count() == 37


def test_an_import_error_is_shown_in_french_with_its_line(world: World) -> None:
    response = _client(world, "staff").post(
        reverse("roadmap:congress_import"),
        {"file": SimpleUploadedFile("c.txt", b"- orpheline\n"), "action": "apply"},
    )
    assert response.status_code == 200
    assert "Ligne 1\u00a0: proposition avant tout thème" in response.content.decode()
    assert not Congress.objects.exists()


def test_staff_merges_and_both_pages_link_to_each_other(world: World, congress: Congress) -> None:
    first, second, _ = Proposal.objects.in_congress(congress).filter(theme__number=1)
    response = _client(world, "staff").post(
        reverse("roadmap:merge", args=[congress.pk]),
        {"proposals": [first.pk, second.pk], "title": "Rapport et dialogue social."},
    )
    result = Proposal.objects.get(text="Rapport et dialogue social.")
    assert response["Location"] == result.get_absolute_url()
    anonymous = _client(world, "anonymous")
    source_page = anonymous.get(first.get_absolute_url()).content.decode()
    assert result.get_absolute_url() in source_page
    result_page = anonymous.get(result.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in result_page and second.get_absolute_url() in result_page


def test_staff_splits_a_proposal_into_its_sub_items(world: World, congress: Congress) -> None:
    enrich = _proposal(congress, "Enrichir")
    client = _client(world, "staff")
    form = client.get(reverse("roadmap:split", args=[enrich.pk]))
    assert form.context["form"].initial["parts"] == "\n".join(enrich.sub_items)
    client.post(reverse("roadmap:split", args=[enrich.pk]), {"parts": "\n".join(enrich.sub_items)})
    enrich.refresh_from_db()
    assert enrich.status == Status.SPLIT
    assert enrich.links_out.count() == 4
    assert client.get(reverse("roadmap:split", args=[enrich.pk])).status_code == 403


def test_staff_confirms_a_scope(world: World, congress: Congress) -> None:
    proposal = _proposal(congress, "La sociocratie")
    _client(world, "staff").post(reverse("roadmap:scope", args=[proposal.pk]), {"scope": "both"})
    proposal.refresh_from_db()
    assert (proposal.scope, proposal.scope_confirmed) == (Scope.BOTH, True)
    assert (
        _client(world, "member")
        .post(reverse("roadmap:scope", args=[proposal.pk]), {"scope": "regional"})
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", True),
        ("referent", True),
        ("staff", True),
        ("board", True),
        ("no_role", False),
        ("other_coop_referent", False),
        ("other_union_staff", False),
    ],
)
def test_members_of_the_union_staff_and_board_comment(
    world: World, congress: Congress, role: str, allowed: bool
) -> None:
    proposal = _proposal(congress, "Enrichir")
    response = _client(world, role).post(
        reverse("roadmap:comment", args=[proposal.pk]), {"text": "Bonne idée."}
    )
    assert response.status_code == (302 if allowed else 403)
    assert Comment.objects.exists() is allowed


def test_an_anonymous_visitor_is_asked_to_log_in_to_comment(
    world: World, congress: Congress
) -> None:
    proposal = _proposal(congress, "Enrichir")
    page = _client(world, "anonymous").get(proposal.get_absolute_url()).content.decode()
    assert reverse("accounts:login") in page
    assert 'name="text"' not in page
    response = _client(world, "anonymous").post(
        reverse("roadmap:comment", args=[proposal.pk]), {"text": "Spam"}
    )
    assert response.status_code == 302 and not Comment.objects.exists()


def test_the_proposal_page_shows_its_text_sub_items_and_comment_form(
    world: World, congress: Congress
) -> None:
    proposal = _proposal(congress, "Enrichir")
    html = _client(world, "member").get(proposal.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert "hébergement de formations à l’UR," in html
    assert '<label for="id_text">' in html


@pytest.mark.parametrize(("fmt", "magic"), [("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK\x03\x04")])
def test_anyone_exports_the_proposals(
    world: World, congress: Congress, fmt: str, magic: bytes
) -> None:
    response = _client(world, "anonymous").get(reverse("roadmap:export", args=[congress.pk, fmt]))
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_export_format_or_congress_is_not_found(
    world: World, congress: Congress
) -> None:
    client = _client(world, "anonymous")
    assert client.get(reverse("roadmap:export", args=[congress.pk, "pdf"])).status_code == 404
    assert client.get(reverse("roadmap:congress", args=[world.union.pk])).status_code == 404


def test_staff_imports_a_spreadsheet_and_sees_line_errors(world: World, congress: Congress) -> None:
    client = _client(world, "staff")
    url = reverse("roadmap:table_import", args=[congress.pk])
    bad = SimpleUploadedFile("p.csv", "N° thème;Thème\r\n".encode())
    response = client.post(url, {"file": bad})
    line_error = gettext("Line %(line)s: %(message)s")
    assert line_error % {"line": 1, "message": "en-têtes attendus"} in response.content.decode()
    export = client.get(reverse("roadmap:export", args=[congress.pk, "xlsx"])).content
    response = client.post(url, {"file": SimpleUploadedFile("p.xlsx", export)})
    assert response.status_code == 302
