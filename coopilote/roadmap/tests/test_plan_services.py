"""Roadmap services: actions born of proposals (traced both ways), leaf-only progress, audit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coopilote.conftest import World
from coopilote.core.models import AuditEvent
from coopilote.core.templatetags.french import french_date
from coopilote.members.models import Body
from coopilote.roadmap.models import Action, ActionStatus, ActionUpdate, Scope
from coopilote.roadmap.services import (
    add_update,
    create_action_from_proposals,
    current_progress,
    import_congress,
    save_statuses,
    update_action,
    update_progress,
)
from coopilote.roadmap.tests.factories import (
    SEED_PATH,
    add_action,
    first_axis,
    proposal,
    roadmap_for,
    seed_congress,
)

pytestmark = pytest.mark.django_db


def test_a_new_roadmap_has_its_axes_and_the_default_statuses_in_order(world: World) -> None:
    roadmap = roadmap_for(world)
    assert [axis.title for axis in roadmap.axes.all()] == ["Vie coopérative", "Plaidoyer"]
    statuses = list(roadmap.statuses.all())
    assert [s.name for s in statuses] == ["À lancer", "En cours", "En pause", "Réalisée"]
    assert [s.is_done for s in statuses] == [False, False, False, True]
    assert AuditEvent.objects.filter(action="roadmap.create", object_id=str(roadmap.pk)).exists()


def test_an_action_created_from_proposals_is_traced_both_ways_and_audited(world: World) -> None:
    congress = seed_congress(world)
    roadmap = roadmap_for(world)
    sources = [proposal(congress, "La publication"), proposal(congress, "Le développement")]
    action = create_action_from_proposals(
        world.user("board"), first_axis(roadmap), sources, "  Observatoire de la démocratie  "
    )
    assert action.title == "Observatoire de la démocratie"
    assert set(action.proposals.all()) == set(sources)
    assert list(sources[0].actions.all()) == [action]  # the proposal knows what it became
    assert action.status.name == "À lancer" and action.scope == Action.Scope.REGIONAL
    event = AuditEvent.objects.get(action="action.create")
    assert event.actor == world.user("board")
    assert sorted(event.summary["proposals"]) == sorted(str(p.pk) for p in sources)


def test_an_action_born_only_of_national_proposals_defaults_to_advocacy(world: World) -> None:
    congress = seed_congress(world)
    national = proposal(congress, "La sociocratie")
    assert national.scope == Scope.NATIONAL
    action = add_action(roadmap_for(world), "Plaidoyer sociocratie", [national])
    assert action.scope == Action.Scope.ADVOCACY


def test_only_leaves_accept_a_progress_and_parents_refuse_with_a_translatable_message(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Parent")
    update_progress(None, parent, 30)
    milestone = add_action(roadmap, "Jalon", parent=parent)
    parent.refresh_from_db()
    assert parent.progress is None  # its own figure no longer counts
    with pytest.raises(ValidationError) as refused:
        update_progress(world.user("board"), parent, 50)
    assert refused.value.messages[0] == translation.gettext(
        "This action has milestones: its progress is computed from theirs. "
        "Update the milestones instead."
    )
    update_progress(world.user("board"), milestone, 80, "Presque fini.")
    assert current_progress(parent) == 80
    with translation.override("fr"), pytest.raises(ValidationError):
        update_progress(None, parent, 10)


@pytest.mark.parametrize("value", [-1, 101, 50.5, True, "40"])
def test_progress_is_a_whole_percentage(world: World, value: object) -> None:
    action = add_action(roadmap_for(world), "Action")
    with pytest.raises(ValidationError):
        update_progress(None, action, value)  # type: ignore[arg-type]


def test_setting_progress_logs_a_dated_update_with_its_author_and_snapshot(world: World) -> None:
    action = add_action(roadmap_for(world), "Action")
    update = update_progress(
        world.user("staff"), action, 40, "Atelier tenu.", date=datetime.date(2026, 3, 2)
    )
    assert (update.date, update.progress, update.text) == (
        datetime.date(2026, 3, 2),
        40,
        "Atelier tenu.",
    )
    assert update.author == world.people["staff"]
    event = AuditEvent.objects.get(action="action.progress")
    assert event.summary["fields"] == ["progress"]


def test_a_news_update_on_a_parent_snapshots_its_rolled_up_progress(world: World) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Parent")
    first = add_action(roadmap, "Un", parent=parent)
    add_action(roadmap, "Deux", parent=parent, weight=3)
    update_progress(None, first, 100)
    update = add_update(world.user("board"), parent, "Le premier jalon est atteint.")
    assert update.progress == 25
    with pytest.raises(ValidationError):
        add_update(None, parent, "   ")


def test_a_milestone_follows_its_parent_into_another_axis(world: World) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Parent")
    child = add_action(roadmap, "Jalon", parent=parent)
    other_axis = roadmap.axes.get(title="Plaidoyer")
    update_action(None, parent, axis=other_axis)
    child.refresh_from_db()
    assert child.axis == other_axis
    with pytest.raises(ValidationError):
        update_action(None, child, axis=first_axis(roadmap))


def test_an_action_checks_dates_owner_and_where_its_proposals_come_from(world: World) -> None:
    roadmap = roadmap_for(world)
    axis = first_axis(roadmap)
    start = datetime.date(2026, 5, 1)
    with pytest.raises(ValidationError):
        create_action_from_proposals(None, axis, [], "A", start=start, due=start.replace(month=4))
    with pytest.raises(ValidationError):
        create_action_from_proposals(None, axis, [], "A", owner_kind=Action.Owner.BODY)
    other_body = Body.objects.create(union=world.other_union, kind=Body.Kind.BOARD, name="CA")
    with pytest.raises(ValidationError):
        create_action_from_proposals(
            None, axis, [], "A", owner_kind=Action.Owner.BODY, owner_body=other_body
        )
    elsewhere = import_congress(world.other_union, SEED_PATH.read_bytes(), None).congress
    assert elsewhere is not None
    with pytest.raises(ValidationError):
        create_action_from_proposals(None, axis, list(elsewhere.proposals.all()[:1]), "A")
    assert not Action.objects.exists()


def test_update_action_records_the_names_of_the_changed_fields_and_proposals(world: World) -> None:
    congress = seed_congress(world)
    roadmap = roadmap_for(world)
    action = add_action(roadmap, "Action", [proposal(congress, "La publication")])
    doing = roadmap.statuses.get(name="En cours")
    update_action(
        world.user("board"),
        action,
        status=doing,
        proposals=[proposal(congress, "Le développement")],
    )
    event = AuditEvent.objects.get(action="action.change")
    assert event.summary["fields"] == ["proposals", "status"]
    assert next(iter(action.proposals.values_list("text", flat=True))).startswith(
        "Le développement"
    )


def test_statuses_are_configurable_but_one_in_use_cannot_be_deleted(world: World) -> None:
    roadmap = roadmap_for(world)
    action = add_action(roadmap, "Action")
    used = action.status
    save_statuses(
        None,
        roadmap,
        [
            {
                "id": None,
                "name": "Abandonnée",
                "order": 9,
                "is_done": False,
                "colour": ActionStatus.Colour.DROPPED,
                "delete": False,
            }
        ],
    )
    assert roadmap.statuses.filter(name="Abandonnée").exists()
    with pytest.raises(ValidationError):
        save_statuses(
            None,
            roadmap,
            [
                {
                    "id": used.pk,
                    "name": used.name,
                    "order": 0,
                    "is_done": False,
                    "colour": used.colour,
                    "delete": True,
                }
            ],
        )
    assert ActionStatus.objects.filter(pk=used.pk).exists()
    assert ActionUpdate.objects.count() == 0


# A milestone's dates lie within those of the actions it is part of.

SPRING = datetime.date(2026, 3, 1)
SUMMER = datetime.date(2026, 6, 30)


def _day(day: datetime.date) -> str:
    return french_date(day, "j F Y")


def test_a_milestone_due_after_its_parent_is_refused_on_creation_and_on_change(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", start=SPRING, due=SUMMER)
    late = datetime.date(2026, 7, 15)
    with pytest.raises(ValidationError) as refused:
        add_action(roadmap, "Bilan", parent=parent, due=late)
    assert refused.value.message_dict == {
        "due": [
            translation.gettext(
                "A milestone cannot be due after the action it is part of: "
                "“%(action)s” is due on %(date)s."
            )
            % {"action": "Campagne", "date": _day(SUMMER)}
        ]
    }
    assert not parent.children.exists()
    assert not AuditEvent.objects.filter(action="action.create", summary__parent=str(parent.pk))
    milestone = add_action(roadmap, "Bilan", parent=parent, due=SUMMER)  # the same day fits
    with pytest.raises(ValidationError) as refused:
        update_action(world.user("board"), milestone, due=late)
    assert list(refused.value.message_dict) == ["due"]
    milestone.refresh_from_db()
    assert milestone.due == SUMMER
    assert not AuditEvent.objects.filter(action="action.change").exists()


def test_a_milestone_starts_and_ends_within_its_parent_s_dates(world: World) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", start=SPRING, due=SUMMER)
    cases = [
        ({"start": datetime.date(2026, 2, 1)}, "start", "starts before"),
        ({"start": datetime.date(2026, 7, 1)}, "start", "starts after its due date"),
        ({"due": datetime.date(2026, 2, 15)}, "due", "due before it starts"),
    ]
    for dates, field, case in cases:
        with pytest.raises(ValidationError) as refused:
            add_action(roadmap, "Jalon", parent=parent, **dates)
        assert list(refused.value.message_dict) == [field], case
        assert "Campagne" in refused.value.message_dict[field][0], case
    assert not parent.children.exists()
    add_action(roadmap, "Jalon", parent=parent, start=SPRING, due=SUMMER)
    # An undated parent bounds nothing; a grandparent still does.
    middle = add_action(roadmap, "Étape", parent=parent)
    with pytest.raises(ValidationError):
        add_action(roadmap, "Sous-jalon", parent=middle, due=datetime.date(2026, 9, 1))
    add_action(roadmap, "Sous-jalon", parent=middle, due=datetime.date(2026, 5, 1))


def test_moving_the_parent_s_dates_past_a_milestone_s_is_refused_naming_the_milestone(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", start=SPRING, due=SUMMER)
    add_action(roadmap, "Cadrage", parent=parent, start=SPRING, due=datetime.date(2026, 4, 30))
    add_action(roadmap, "Bilan", parent=parent, due=datetime.date(2026, 6, 15))
    with pytest.raises(ValidationError) as refused:
        update_action(world.user("board"), parent, due=datetime.date(2026, 5, 31))
    assert refused.value.message_dict == {
        "due": [
            translation.gettext(
                "The milestone “%(milestone)s” is due later, on %(date)s: "
                "move it first, or choose a later date."
            )
            % {"milestone": "Bilan", "date": _day(datetime.date(2026, 6, 15))}
        ]
    }
    with pytest.raises(ValidationError) as refused:
        update_action(world.user("board"), parent, start=datetime.date(2026, 4, 1))
    assert list(refused.value.message_dict) == ["start"]
    assert "Cadrage" in refused.value.message_dict["start"][0]
    parent.refresh_from_db()
    assert (parent.start, parent.due) == (SPRING, SUMMER)
    assert not AuditEvent.objects.filter(action="action.change").exists()
    update_action(world.user("board"), parent, due=datetime.date(2026, 6, 15))
    update_action(world.user("board"), parent, start=None, due=None)  # an open-ended parent
    parent.refresh_from_db()
    assert (parent.start, parent.due) == (None, None)


def test_a_grandparent_s_due_date_cannot_move_before_a_nested_milestone_s(world: World) -> None:
    roadmap = roadmap_for(world)
    top = add_action(roadmap, "Campagne", due=SUMMER)
    middle = add_action(roadmap, "Étape", parent=top)
    add_action(roadmap, "Sous-jalon", parent=middle, due=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        update_action(None, top, due=datetime.date(2026, 5, 1))
    assert "Sous-jalon" in refused.value.message_dict["due"][0]


def test_dates_that_already_broke_the_rule_do_not_block_other_changes(world: World) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", start=SPRING, due=SUMMER)
    milestone = add_action(roadmap, "Bilan", parent=parent, due=SUMMER)
    # Data older than the rule: the milestone is due after its parent.
    Action.objects.filter(pk=milestone.pk).update(due=datetime.date(2026, 9, 30))
    milestone.refresh_from_db()
    update_action(None, milestone, title="Bilan de la campagne")
    update_action(None, parent, title="Grande campagne", start=datetime.date(2026, 2, 1))
    # Moving the dates involved is still checked: the milestone is named until it is moved.
    with pytest.raises(ValidationError) as refused:
        update_action(None, parent, due=datetime.date(2026, 8, 31))
    assert "Bilan de la campagne" in refused.value.message_dict["due"][0]
    update_action(None, milestone, due=datetime.date(2026, 6, 1))
    update_action(None, parent, due=datetime.date(2026, 8, 31))
