"""Roll-up math on plain objects: leaves count what was entered, parents the weighted mean."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

from coopilote.roadmap import progress


def _axis(title: str = "Axe") -> Any:
    return SimpleNamespace(pk=uuid.uuid4(), title=title)


def _action(
    axis: Any,
    title: str,
    *,
    parent: Any = None,
    value: int | None = None,
    weight: int = 1,
    due: datetime.date | None = None,
    done: bool = False,
) -> Any:
    return SimpleNamespace(
        pk=uuid.uuid4(),
        axis_id=axis.pk,
        parent_id=parent.pk if parent else None,
        title=title,
        progress=value,
        weight=weight,
        due=due,
        status=SimpleNamespace(is_done=done),
    )


def test_a_parent_counts_the_weighted_mean_of_its_milestones_and_ignores_its_own_figure():
    axis = _axis()
    parent = _action(axis, "Parent", value=99)  # a stale figure from before it had milestones
    milestones = [
        _action(axis, "Cadrage", parent=parent, value=100, weight=1),
        _action(axis, "Mise en œuvre", parent=parent, value=60, weight=3),
        _action(axis, "Bilan", parent=parent, value=None, weight=1),  # nothing entered: 0 %
    ]
    tree = progress.build([axis], [parent, *milestones])
    node = tree.node(parent.pk)
    assert node is not None and not node.is_leaf
    assert node.progress == (100 * 1 + 60 * 3 + 0 * 1) / 5 == 56
    assert [child.depth for child in node.children] == [1, 1, 1]


def test_the_roll_up_goes_through_every_level_then_axes_then_the_roadmap():
    first, second = _axis("Un"), _axis("Deux")
    top = _action(first, "Action", weight=2)
    middle = _action(first, "Jalon", parent=top)
    leaf_a = _action(first, "Tâche A", parent=middle, value=50)
    leaf_b = _action(first, "Tâche B", parent=middle, value=100)
    sibling = _action(first, "Autre jalon", parent=top, value=0)
    alone = _action(first, "Seule", value=30)
    other = _action(second, "Ailleurs", value=80)
    tree = progress.build([first, second], [top, middle, leaf_a, leaf_b, sibling, alone, other])
    assert tree.node(middle.pk).progress == 75
    assert tree.node(top.pk).progress == 37.5  # (75 + 0) / 2
    axis_one, axis_two = tree.axes
    assert axis_one.progress == (37.5 * 2 + 30) / 3 == 35
    assert axis_two.progress == 80
    # The roadmap weighs every top-level action, whatever its axis.
    assert tree.progress == (37.5 * 2 + 30 + 80) / 4
    assert tree.percent == 46  # 46.25


def test_percentages_round_half_up_not_to_even():
    assert [progress.percent(v) for v in (0, 12.5, 37.5, 62.5, 99.49, 99.5)] == [
        0,
        13,
        38,
        63,
        99,
        100,
    ]


def test_an_empty_axis_and_an_empty_roadmap_are_at_zero():
    tree = progress.build([_axis()], [])
    assert tree.progress == 0 and tree.axes[0].progress == 0


def test_a_filter_keeps_matching_actions_with_their_ancestors_and_the_whole_tree_s_figures():
    axis = _axis()
    parent = _action(axis, "Parent")
    done = _action(axis, "Fait", parent=parent, value=100)
    todo = _action(axis, "À faire", parent=parent, value=0)
    other = _action(axis, "Autre", value=10)
    tree = progress.build([axis], [parent, done, todo, other])
    ((axis_node, rows),) = progress.prune(tree, lambda node: node.action.title == "Fait")
    assert [node.action.title for node in rows] == ["Parent", "Fait"]
    assert rows[0].progress == 50  # still the roll-up of both milestones
    assert axis_node.progress == 30


def test_the_timeline_groups_actions_by_quarter_of_their_due_date_and_ends_with_undated_ones():
    axis = _axis()
    actions = [
        _action(axis, "Avril", due=datetime.date(2026, 4, 1)),
        _action(axis, "Janvier", due=datetime.date(2026, 1, 15)),
        _action(axis, "Sans date"),
        _action(axis, "Mars", due=datetime.date(2026, 3, 31)),
        _action(axis, "2027", due=datetime.date(2027, 12, 31)),
    ]
    tree = progress.build([axis], actions)
    quarters = progress.timeline(tree.walk())
    assert [(q.year, q.number, [n.action.title for n in q.nodes]) for q in quarters] == [
        (2026, 1, ["Janvier", "Mars"]),
        (2026, 2, ["Avril"]),
        (2027, 4, ["2027"]),
        (None, None, ["Sans date"]),
    ]


def test_an_action_is_overdue_past_its_due_date_unless_done_or_complete():
    today = datetime.date(2026, 11, 27)
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    axis = _axis()
    late = _action(axis, "En retard", due=yesterday, value=40)
    due_today = _action(axis, "Aujourd’hui", due=today, value=0)
    later = _action(axis, "Plus tard", due=tomorrow)
    undated = _action(axis, "Sans date")
    marked_done = _action(axis, "Marquée réalisée", due=yesterday, value=60, done=True)
    parent = _action(axis, "Jalons tous finis", due=yesterday)  # status not moved yet
    finished = _action(axis, "Jalon", parent=parent, value=100)
    tree = progress.build(
        [axis], [late, due_today, later, undated, marked_done, parent, finished], today
    )
    assert [node.action.title for node in tree.walk() if node.overdue] == ["En retard"]
    assert tree.overdue_count == 1
    assert not any(node.overdue for node in progress.build([axis], [late]).walk())  # no today
