"""A roadmap as a tree (axes → actions → milestones) with its progress rolled up by weight.

The actions come from one query (``Action.objects.in_roadmap(r).for_tree()``); the tree and every
percentage are computed here in Python and never stored, so the page, the exports and the
digests always agree. A leaf counts its entered progress (none yet: 0 %); a parent, and an axis,
count the weighted mean of their children; the roadmap, the weighted mean of its top actions.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


def weighted_mean(pairs: Iterable[tuple[int, float]]) -> float:
    """Mean of ``(weight, value)`` pairs; 0 when there are none."""
    total = weight_sum = 0.0
    for weight, value in pairs:
        total += weight * value
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def percent(value: float) -> int:
    """Rounded half up, the way people round percentages (not Python's banker's rounding)."""
    return math.floor(value + 0.5 + 1e-9)


@dataclass
class Node:
    action: Any
    depth: int = 0
    children: list[Node] = field(default_factory=list)
    progress: float = 0.0
    overdue: bool = False

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def percent(self) -> int:
        return percent(self.progress)

    @property
    def weight(self) -> int:
        return int(self.action.weight or 1)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class AxisNode:
    axis: Any
    nodes: list[Node] = field(default_factory=list)
    progress: float = 0.0

    @property
    def percent(self) -> int:
        return percent(self.progress)

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()


@dataclass
class Tree:
    axes: list[AxisNode]
    progress: float = 0.0

    @property
    def percent(self) -> int:
        return percent(self.progress)

    def walk(self) -> Iterator[Node]:
        for axis in self.axes:
            yield from axis.walk()

    @property
    def overdue_count(self) -> int:
        return sum(node.overdue for node in self.walk())

    def node(self, action_id: Any) -> Node | None:
        return next((node for node in self.walk() if node.action.pk == action_id), None)

    def ancestors(self, action_id: Any) -> list[Node]:
        """The actions that ``action_id`` is a milestone of, its parent first."""
        nodes = {node.action.pk: node for node in self.walk()}
        found: list[Node] = []
        key = nodes[action_id].action.parent_id if action_id in nodes else None
        while key in nodes and key != action_id and len(found) < len(nodes):
            found.append(nodes[key])
            key = nodes[key].action.parent_id
        return found


def _roll_up(node: Node) -> float:
    if node.is_leaf:
        node.progress = float(node.action.progress or 0)
    else:
        node.progress = weighted_mean((child.weight, _roll_up(child)) for child in node.children)
    return node.progress


def is_overdue(node: Node, today: datetime.date) -> bool:
    """Past its due date and neither marked done nor at 100 %: what a board member scanning
    the roadmap needs flagged. A parent whose milestones are all complete is not late, even
    if nobody has moved its status yet."""
    due = node.action.due
    return bool(due and due < today and not node.action.status.is_done and node.percent < 100)


def build(axes: Sequence[Any], actions: Sequence[Any], today: datetime.date | None = None) -> Tree:
    """The tree of ``actions`` (already ordered) under ``axes``, progress rolled up; with
    ``today``, the actions past their due date are flagged ``overdue``."""
    nodes = {action.pk: Node(action) for action in actions}
    by_axis: dict[Any, AxisNode] = {axis.pk: AxisNode(axis) for axis in axes}
    for action in actions:
        node = nodes[action.pk]
        parent = nodes.get(action.parent_id) if action.parent_id else None
        if parent is not None:
            parent.children.append(node)
        elif action.axis_id in by_axis:
            by_axis[action.axis_id].nodes.append(node)
    for axis_node in by_axis.values():
        for node in axis_node.nodes:
            _set_depth(node, 0)
            _roll_up(node)
        axis_node.progress = weighted_mean((node.weight, node.progress) for node in axis_node.nodes)
    tops = [node for axis_node in by_axis.values() for node in axis_node.nodes]
    tree = Tree(
        axes=list(by_axis.values()),
        progress=weighted_mean((node.weight, node.progress) for node in tops),
    )
    if today is not None:
        for node in tree.walk():
            node.overdue = is_overdue(node, today)
    return tree


def _set_depth(node: Node, depth: int) -> None:
    node.depth = depth
    for child in node.children:
        _set_depth(child, depth + 1)


def prune(tree: Tree, keep: Callable[[Node], bool]) -> list[tuple[AxisNode, list[Node]]]:
    """What a filtered page shows: per axis, the nodes kept or holding a kept descendant,
    in tree order, depth-first (the progress figures stay those of the whole tree)."""
    shown: list[tuple[AxisNode, list[Node]]] = []
    for axis_node in tree.axes:
        rows = [node for top in axis_node.nodes for node in _kept(top, keep)]
        shown.append((axis_node, rows))
    return shown


def _kept(node: Node, keep: Callable[[Node], bool]) -> list[Node]:
    below = [row for child in node.children for row in _kept(child, keep)]
    return [node, *below] if keep(node) or below else []


@dataclass(frozen=True)
class Quarter:
    year: int | None
    number: int | None
    nodes: tuple[Node, ...]


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def timeline(nodes: Iterable[Node]) -> list[Quarter]:
    """Actions by due date, grouped by quarter; those without a due date come last."""
    nodes = list(nodes)
    dated = sorted(
        (node for node in nodes if node.action.due),
        key=lambda node: (node.action.due, node.action.title),
    )
    groups: dict[tuple[int, int], list[Node]] = {}
    for node in dated:
        groups.setdefault(quarter_of(node.action.due), []).append(node)
    quarters = [Quarter(year, number, tuple(rows)) for (year, number), rows in groups.items()]
    undated = tuple(node for node in nodes if not node.action.due)
    if undated:
        quarters.append(Quarter(None, None, undated))
    return quarters
