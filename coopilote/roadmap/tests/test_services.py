"""Import, merge, split, scope and comments: what each service writes and traces."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from coopilote.conftest import World
from coopilote.core.models import AuditEvent
from coopilote.roadmap.congress_text import ParseError
from coopilote.roadmap.models import (
    Comment,
    Congress,
    Proposal,
    ProposalLink,
    Scope,
    Status,
    SubGroup,
    Theme,
)
from coopilote.roadmap.services import (
    add_comment,
    confirm_scope,
    import_congress,
    merge_proposals,
    split_proposal,
)

pytestmark = pytest.mark.django_db


def _snapshot(congress: Congress) -> list[tuple[object, ...]]:
    return list(
        Proposal.objects.in_congress(congress)
        .order_by("pk")
        .values_list("pk", "text", "sub_items", "scope", "status", "number", "updated_at")
    )


def test_importing_the_seed_stores_11_themes_37_proposals_and_8_national_suggestions(
    congress: Congress,
) -> None:
    assert congress.name == "Congrès du 20 novembre 2025"
    assert congress.date == datetime.date(2025, 11, 20)
    assert congress.themes.count() == 11
    assert SubGroup.objects.filter(theme__congress=congress).count() == 3
    proposals = Proposal.objects.in_congress(congress)
    assert proposals.count() == 37
    assert sum(len(p.sub_items) for p in proposals) == 4
    assert proposals.filter(suggested_scope=Scope.NATIONAL).count() == 8
    assert proposals.filter(scope=Scope.NATIONAL, scope_confirmed=False).count() == 8
    theme_2 = congress.themes.get(number=2)
    assert [s.proposals.count() for s in theme_2.sub_groups.all()] == [2, 2, 3]


def test_stored_texts_are_the_file_s_bullets_byte_for_byte(
    congress: Congress, seed_bullets: list[str]
) -> None:
    stored = []
    for proposal in Proposal.objects.in_congress(congress).in_document_order():
        stored.append(proposal.text)
        stored.extend(proposal.sub_items)
    assert [text.encode() for text in stored] == [text.encode() for text in seed_bullets]


def test_re_importing_the_same_text_changes_nothing(
    world: World, congress: Congress, seed_bytes: bytes
) -> None:
    before = _snapshot(congress)
    report = import_congress(world.union, seed_bytes, world.user("staff"))
    assert report.congress == congress
    assert not report.changed
    assert report.created.total() == 0 and report.updated.total() == 0
    assert report.unchanged["proposals"] == 37
    assert report.unchanged["themes"] == 11
    assert _snapshot(congress) == before
    assert Congress.objects.count() == 1


def test_each_import_writes_one_audit_row_with_counts(
    world: World, congress: Congress, seed_bytes: bytes
) -> None:
    import_congress(world.union, seed_bytes, world.user("staff"))
    rows = list(AuditEvent.objects.for_object(congress).by_action("congress.import").order_by("at"))
    assert len(rows) == 2
    assert rows[0].summary["created"]["proposals"] == 37
    assert rows[1].summary["unchanged"]["proposals"] == 37
    assert rows[1].actor == world.user("staff")


def test_a_dry_run_counts_but_writes_nothing(world: World, seed_bytes: bytes) -> None:
    report = import_congress(world.union, seed_bytes, world.user("staff"), dry_run=True)
    assert report.created["proposals"] == 37
    assert report.congress is None
    assert not Congress.objects.exists()
    assert not AuditEvent.objects.exists()


def test_re_importing_an_edited_text_adds_new_bullets_and_keeps_scope_decisions(
    world: World, congress: Congress, seed_bytes: bytes
) -> None:
    proposal = Proposal.objects.get(congress=congress, text__startswith="La sociocratie")
    confirm_scope(world.user("staff"), proposal, Scope.BOTH)
    edited = seed_bytes.replace(
        "- Un appui à la communication".encode(),
        "- Une idée nouvelle.\n- Un appui à la communication".encode(),
    )
    report = import_congress(world.union, edited, world.user("staff"))
    assert report.created["proposals"] == 1
    assert report.updated["proposals"] == 3  # renumbered after the new bullet
    proposal.refresh_from_db()
    assert (proposal.scope, proposal.scope_confirmed) == (Scope.BOTH, True)


def test_a_bad_text_raises_before_writing_anything(world: World) -> None:
    with pytest.raises(ParseError):
        import_congress(world.union, b"- sans th\xe8me", world.user("staff"))
    assert not Congress.objects.exists()


def test_merging_links_each_source_to_the_result_both_ways(
    world: World, congress: Congress
) -> None:
    staff = world.user("staff")
    sources = list(Proposal.objects.in_congress(congress).filter(theme__number=11))
    result = merge_proposals(staff, sources[:2], "Financer plus vite et mieux les levées de fonds.")
    assert result.origin == Proposal.Origin.MERGE
    assert result.theme.number == 11
    assert result.number == 4
    for source in sources[:2]:
        source.refresh_from_db()
        assert source.status == Status.MERGED
        assert [link.result for link in source.links_out.all()] == [result]
    assert {link.source for link in result.links_in.all()} == set(sources[:2])
    assert set(ProposalLink.objects.values_list("kind", flat=True)) == {"merge"}
    assert AuditEvent.objects.by_action("proposal.merge").for_object(result).count() == 1
    assert AuditEvent.objects.by_action("proposal.merged_into").count() == 2


def test_merging_a_regional_and_a_national_proposal_gives_both_levels(
    world: World, congress: Congress
) -> None:
    regional = Proposal.objects.get(congress=congress, text__startswith="Créer un groupe")
    national = Proposal.objects.get(congress=congress, text__startswith="Porter un plaidoyer")
    result = merge_proposals(world.user("staff"), [regional, national], "Jeunesse : agir.")
    assert result.scope == Scope.BOTH


def test_a_merged_proposal_cannot_be_merged_or_split_again(
    world: World, congress: Congress
) -> None:
    staff = world.user("staff")
    first, second, third = Proposal.objects.in_congress(congress).filter(theme__number=1)
    merge_proposals(staff, [first, second], "Fusion.")
    with pytest.raises(ValidationError):
        merge_proposals(staff, [first, third], "Encore.")
    with pytest.raises(ValidationError):
        split_proposal(staff, first, ["A.", "B."])
    assert not first.abilities(staff)["split"]


def test_merging_needs_two_proposals_and_a_text(world: World, congress: Congress) -> None:
    first, second, _ = Proposal.objects.in_congress(congress).filter(theme__number=1)
    with pytest.raises(ValidationError):
        merge_proposals(world.user("staff"), [first], "Seule.")
    with pytest.raises(ValidationError):
        merge_proposals(world.user("staff"), [first, second], "  ")


def test_splitting_into_the_sub_items_links_the_parts_back(
    world: World, congress: Congress
) -> None:
    enrich = Proposal.objects.get(congress=congress, text="Enrichir l’offre :")
    parts = split_proposal(world.user("staff"), enrich, enrich.sub_items)
    assert [part.text for part in parts] == enrich.sub_items
    assert [part.number for part in parts] == [4, 5, 6, 7]
    enrich.refresh_from_db()
    assert enrich.status == Status.SPLIT
    assert [link.result for link in enrich.links_out.order_by("result__number")] == parts
    assert all(part.links_in.get().source == enrich for part in parts)
    assert AuditEvent.objects.by_action("proposal.split").for_object(enrich).get().summary[
        "fields"
    ] == ["status"]


def test_a_split_part_may_not_repeat_a_proposal_of_its_theme(
    world: World, congress: Congress
) -> None:
    enrich = Proposal.objects.get(congress=congress, text="Enrichir l’offre :")
    with pytest.raises(ValidationError):
        split_proposal(world.user("staff"), enrich, ["Enrichir l’offre :", "Autre chose."])


def test_confirming_a_scope_is_audited_once(world: World, congress: Congress) -> None:
    proposal = Proposal.objects.in_congress(congress).in_document_order()[0]
    confirm_scope(world.user("staff"), proposal, Scope.NATIONAL)
    confirm_scope(world.user("staff"), proposal, Scope.NATIONAL)
    proposal.refresh_from_db()
    assert (proposal.scope, proposal.scope_confirmed) == (Scope.NATIONAL, True)
    assert AuditEvent.objects.by_action("proposal.confirm_scope").count() == 1
    with pytest.raises(ValidationError):
        confirm_scope(world.user("staff"), proposal, "planetary")


def test_a_member_comments_and_the_comment_names_them(world: World, congress: Congress) -> None:
    proposal = Proposal.objects.in_congress(congress).in_document_order()[0]
    comment = add_comment(world.user("member"), proposal, "  D’accord\u00a0!  ")
    assert comment.text == "D’accord\u00a0!"
    assert comment.author == world.people["member"]
    with pytest.raises(ValidationError):
        add_comment(world.user("member"), proposal, "   ")
    assert Comment.objects.count() == 1


def test_themes_keep_their_lead_line(congress: Congress) -> None:
    assert Theme.objects.get(congress=congress, number=3).lead == (
        "Pour mieux intégrer les jeunes générations dans le mouvement :"
    )
