"""The letter to the national direction: its content, signatories, preview, DOCX and PDF."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.conftest import World
from coopilote.roadmap.models import Letter, Proposal, Scope
from coopilote.roadmap.services import create_letter, letter_body, update_letter
from coopilote.roadmap.services.letters import national_proposals
from coopilote.roadmap.tests.factories import (
    add_action,
    co_presidents,
    proposal,
    roadmap_for,
    seed_congress,
)

pytestmark = pytest.mark.django_db


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def _flat(text: str) -> str:
    """Whitespace as one space: lines wrap differently in a PDF or a Word file."""
    return " ".join(text.replace("\u00a0", " ").split())


def _letter(world: World) -> Letter:
    co_presidents(world.union, ("Claire", "Dubois"), ("Marc", "Perrin"))
    world.confederation.postal_address = "30 rue des Épinettes\n75017 Paris"
    world.confederation.save()
    roadmap = roadmap_for(world)
    letter = create_letter(world.user("board"), roadmap=roadmap)
    return update_letter(None, letter, date=datetime.date(2026, 11, 26), published=True)


def test_the_seed_congress_has_8_proposals_of_national_scope_and_the_letter_holds_them_all(
    world: World,
) -> None:
    congress = seed_congress(world)
    national = national_proposals(congress)
    assert len(national) == 8
    letter = _letter(world)
    sections = letter_body(letter)
    assert [section.title for section in sections] == [
        "Transition écologique",
        "Jeunesse",
        "Ambassadeur·rices du mouvement",
        "Démocratie active dans les instances du mouvement",
    ]
    assert [item.text for section in sections for item in section.items] == [
        p.text for p in national
    ]


def test_a_proposal_confirmed_national_joins_the_letter_and_a_regional_one_leaves_it(
    world: World,
) -> None:
    from coopilote.roadmap.services import confirm_scope

    congress = seed_congress(world)
    confirm_scope(None, proposal(congress, "La publication"), Scope.BOTH)
    confirm_scope(None, proposal(congress, "La sociocratie"), Scope.REGIONAL)
    texts = [item.text for s in letter_body(_letter(world)) for item in s.items]
    assert len(texts) == 8
    assert any(text.startswith("La publication") for text in texts)
    assert not any(text.startswith("La sociocratie") for text in texts)


def test_advocacy_actions_annotate_their_proposals_or_come_as_their_own_bullets(
    world: World,
) -> None:
    congress = seed_congress(world)
    letter = _letter(world)
    roadmap = letter.roadmap
    add_action(
        roadmap, "Obtenir des services civiques", [proposal(congress, "Porter un plaidoyer")]
    )
    add_action(
        roadmap,
        "Un label national de démocratie",
        [proposal(congress, "La publication")],
        scope="advocacy",
    )
    add_action(roadmap, "Rencontrer le ministère", scope="advocacy")
    add_action(roadmap, "Action régionale", [proposal(congress, "Le développement")])
    sections = {section.title: section for section in letter_body(letter)}
    youth = sections["Jeunesse"].items[0]
    assert youth.notes == [
        "Notre feuille de route en fait une action de plaidoyer\u00a0: "
        "«\u00a0Obtenir des services civiques\u00a0»."
    ]
    democracy = sections["Démocratie dans les coopératives"].items
    assert [item.text for item in democracy] == ["Un label national de démocratie"]
    others = sections["Autres actions de plaidoyer de notre feuille de route"]
    assert [item.text for item in others.items] == ["Rencontrer le ministère"]
    assert all(item.text != "Action régionale" for s in sections.values() for item in s.items)


def test_the_letter_is_signed_by_the_union_s_co_presidents_by_default(world: World) -> None:
    letter = _letter(world)
    assert letter.signatories == [
        {"name": "Claire Dubois", "title": "Coprésidente"},
        {"name": "Marc Perrin", "title": "Coprésident"},
    ]  # the board's ordinary member (title « Administrateur·rice ») does not sign
    assert letter.recipient == "Direction nationale de la CG Scop"
    assert letter.introduction.startswith("Réunis en congrès régional le 20 novembre 2025")


def test_the_holders_of_the_presidency_mandate_sign_once_elected(world: World) -> None:
    """Governance's mandates say who presides; a seat's title may be out of date."""
    from coopilote.governance.models import Election
    from coopilote.governance.tests.factories import RoleFactory, mandate
    from coopilote.members.models import Body, BodySeat
    from coopilote.members.tests.factories import PersonFactory

    co_presidents(world.union, ("Claire", "Dubois"), ("Marc", "Perrin"))
    board = Body.objects.get(union=world.union, cooperative=None, kind=Body.Kind.BOARD)
    elected: Any = PersonFactory(first_name="Alexandria", last_name="Hervé")
    BodySeat.objects.create(body=board, person=elected, title="Administratrice")
    marc = BodySeat.objects.get(person__last_name="Perrin").person
    role = RoleFactory(body=board, name="Co-présidence", holders=2)
    today = datetime.date.today()
    held = mandate(role, [elected, marc])
    letter = create_letter(world.user("board"), roadmap=roadmap_for(world))
    assert letter.signatories == [
        {"name": "Alexandria Hervé", "title": "Coprésident·e"},  # the role, as a title
        {"name": "Marc Perrin", "title": "Coprésident"},  # the seat's own title
    ]
    # The term has ended: without an election under way, back to the seats' titles...
    held.ended_on = today
    held.save()
    letter = create_letter(world.user("board"), roadmap=roadmap_for(world))
    assert [s["name"] for s in letter.signatories] == ["Claire Dubois", "Marc Perrin"]
    # ... and while the election runs, the outgoing holders still sign.
    Election.objects.create(
        body=board,
        role=role,
        facilitator=marc,
        term_start=today,
        term_end=today + datetime.timedelta(days=700),
    )
    letter = create_letter(world.user("board"), roadmap=roadmap_for(world))
    assert [s["name"] for s in letter.signatories] == ["Alexandria Hervé", "Marc Perrin"]


def test_the_preview_page_shows_the_french_letter_layout(world: World) -> None:
    letter = _letter(world)
    _give_contact(world)
    html = _client(world, "anonymous").get(letter.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    for text in (
        world.union.name,
        "Direction nationale de la CG Scop",
        "30 rue des Épinettes",
        "75017 Paris",
        "12 rue de la Coopération",
        "69001 Lyon",
        "contact@ur.scop.example",
        "Lyon, le 26 novembre 2026",
        "Objet\u00a0: </strong>Propositions de notre congrès régional",
        "Claire Dubois",
        "letter.css",
    ):
        assert text in html, text
    assert "style=" not in html and "<script>" not in html


def test_the_board_edits_the_words_around_the_compiled_body(world: World) -> None:
    letter = _letter(world)
    response = _client(world, "board").post(
        reverse("roadmap:letter_edit", args=[letter.pk]),
        {
            "recipient": "Direction nationale de la CG Scop",
            "subject": "Nos propositions",
            "salutation": "Chère Direction nationale,",
            "introduction": "Bonjour.",
            "conclusion": "Bien coopérativement.",
            "place": "Clermont-Ferrand",
            "date": "2026-12-01",
            "published": "on",
            "signatory_lines": "Claire Dubois — Coprésidente\nMarc Perrin — Coprésident\n",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.subject, letter.place, letter.date) == (
        "Nos propositions",
        "Clermont-Ferrand",
        datetime.date(2026, 12, 1),
    )
    assert [s["title"] for s in letter.signatories] == ["Coprésidente", "Coprésident"]


def _give_contact(world: World) -> None:
    """The sender block prints the union's postal address (one line each) and e-mail."""
    world.union.postal_address = "12 rue de la Coopération\r\n\r\n69001 Lyon  "
    world.union.contact_email = "contact@ur.scop.example"
    world.union.save()


def test_the_docx_holds_the_layout_the_8_national_proposals_and_both_signatures(
    world: World,
) -> None:
    from docx import Document

    letter = _letter(world)
    _give_contact(world)
    response = _client(world, "anonymous").get(
        reverse("roadmap:letter_download", args=[letter.pk, "docx"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    text = _flat("\n".join(paragraphs))
    assert paragraphs[0].split("\n") == [
        world.union.name,
        "12 rue de la Coopération",
        "69001 Lyon",
        "contact@ur.scop.example",
    ]
    assert paragraphs[1].split("\n") == [
        "Direction nationale de la CG Scop",
        "30 rue des Épinettes",
        "75017 Paris",
    ]
    assert "Lyon, le 26 novembre 2026" in paragraphs
    assert "Objet : Propositions de notre congrès régional pour l’échelon national" in text
    for national in national_proposals(letter.congress):
        assert _flat(national.text) in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "Transition écologique" and len(headings) == 4
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 8
    (table,) = document.tables
    cells = [_flat(cell.text) for cell in table.rows[0].cells]
    assert cells == ["Coprésidente Claire Dubois", "Coprésident Marc Perrin"]
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_holds_the_layout_the_8_national_proposals_and_both_signatures(
    world: World,
) -> None:
    letter = _letter(world)
    _give_contact(world)
    response = _client(world, "anonymous").get(
        reverse("roadmap:letter_download", args=[letter.pk, "pdf"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "courrier.pdf"
        pdf.write_bytes(response.content)
        extracted = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    text = _flat(extracted)
    for expected in (
        "Direction nationale de la CG Scop",
        "30 rue des Épinettes",
        "75017 Paris",
        "12 rue de la Coopération",
        "69001 Lyon",
        "contact@ur.scop.example",
        "Lyon, le 26 novembre 2026",
        "Objet : Propositions de notre congrès régional pour l’échelon national",
        "Mesdames et Messieurs les membres de la Direction nationale,",
        "Démocratie active dans les instances du mouvement",
    ):
        assert expected in text, expected
    for national in national_proposals(letter.congress):
        assert _flat(national.text) in text, national.text
    assert sum(_flat(p.text) in text for p in Proposal.objects.filter(scope=Scope.REGIONAL)) == 0
    # Signatures side by side: both names on the same line of the laid-out text.
    assert any("Claire Dubois" in line and "Marc Perrin" in line for line in extracted.splitlines())


def test_a_draft_letter_is_hidden_from_the_public_and_from_other_unions(world: World) -> None:
    roadmap = roadmap_for(world)
    letter = create_letter(None, roadmap=roadmap)
    assert not letter.published
    for role, status in (("anonymous", 404), ("other_union_staff", 404), ("board", 200)):
        assert _client(world, role).get(letter.get_absolute_url()).status_code == status


def test_a_letter_drafted_from_the_congress_page_needs_no_roadmap(world: World) -> None:
    congress = seed_congress(world)
    response = _client(world, "staff").post(
        reverse("roadmap:congress_letter_create", args=[congress.pk])
    )
    letter = Letter.objects.get()
    assert response["Location"] == letter.get_absolute_url()
    assert letter.roadmap is None and letter.congress == congress
    assert sum(len(s.items) for s in letter_body(letter)) == 8


def test_the_recipient_s_address_is_drafted_from_the_confederation_s_and_edited(
    world: World,
) -> None:
    letter = _letter(world)
    assert letter.recipient_address_lines == ["30 rue des Épinettes", "75017 Paris"]
    page = _client(world, "anonymous").get(letter.get_absolute_url()).content.decode()
    assert "Direction nationale de la CG Scop<br>30 rue des Épinettes<br>75017 Paris" in page

    edited = update_letter(None, letter, recipient_address="  \r\n6 rue Saint-Pierre\r\n\r\n")
    assert edited.recipient_address_lines == ["6 rue Saint-Pierre"]


def test_without_a_known_address_the_letter_names_the_recipient_alone(world: World) -> None:
    letter = create_letter(None, roadmap=roadmap_for(world))
    assert letter.recipient_address == ""
    page = _client(world, "board").get(letter.get_absolute_url()).content.decode()
    assert '<div class="letter-recipient">Direction nationale de la CG Scop</div>' in page
