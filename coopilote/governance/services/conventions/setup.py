"""A convention's settings, its categories and quotas, and the opening of its sign-up: all
before the lottery is published."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import Category, Convention, Feature
from coopilote.governance.services.conventions.common import ConventionError, locked
from coopilote.members.models import Union

CONVENTION_FIELDS = (
    "title",
    "question",
    "panel_size",
    "algorithm",
    "lottery_size",
    "signup_closes_at",
)


def _editable(convention: Convention) -> None:
    if convention.is_published:
        raise ConventionError(_("The pool is frozen: the convention can no longer be changed."))


def create_convention(actor: Any, union: Union, data: Mapping[str, Any]) -> Convention:
    with transaction.atomic():
        convention = Convention(union=union, **{name: data[name] for name in CONVENTION_FIELDS})
        convention.save()
        record(actor, "convention.create", convention, fields=CONVENTION_FIELDS)
    return convention


def update_convention(actor: Any, convention: Convention, data: Mapping[str, Any]) -> None:
    with transaction.atomic():
        fresh = locked(convention)
        _editable(fresh)
        changed = [name for name in CONVENTION_FIELDS if getattr(fresh, name) != data[name]]
        if "panel_size" in changed:
            for category in fresh.categories.prefetch_related("features").order_by("key"):
                quotas = [(f.value, f.minimum, f.maximum) for f in category.features.all()]
                _check_fits(quotas, data["panel_size"], category.label)
        for name in CONVENTION_FIELDS:
            setattr(fresh, name, data[name])
        fresh.save()
        record(actor, "convention.update", fresh, fields=changed)
    convention.refresh_from_db()


def _check_fits(quotas: Sequence[tuple[str, int, int]], k: int, label: str = "") -> None:
    """Each seat holds one value of the category: no panel exists otherwise (found now, not at
    publication when the pool is complete)."""
    lowest, highest = sum(q[1] for q in quotas), sum(q[2] for q in quotas)
    problem = None
    if lowest > k:
        problem = _("The minimums add up to %(n)d seats, more than the %(k)d of the panel.") % {
            "n": lowest,
            "k": k,
        }
    elif highest < k:
        problem = _("The maximums add up to %(n)d seats, fewer than the %(k)d of the panel.") % {
            "n": highest,
            "k": k,
        }
    if problem is not None:
        raise ConventionError(
            _("Category « %(label)s »: %(problem)s") % {"label": label, "problem": problem}
            if label
            else problem
        )


def save_category(
    actor: Any,
    convention: Convention,
    key: str,
    label: str,
    quotas: Sequence[tuple[str, int, int]],
    category: Category | None = None,
) -> Category:
    """Create or replace a category and its quotas ``(value, min, max)``.

    Before publication only; a value some volunteer chose cannot disappear, and a new category
    cannot be added once the pool has volunteers (they would have no answer to it)."""
    with transaction.atomic():
        fresh = locked(convention)
        _editable(fresh)
        if not quotas:
            raise ConventionError(_("A category needs at least one value."))
        for value, low, high in quotas:
            if low > high:
                raise ConventionError(
                    _("Quota of « %(value)s »: the minimum exceeds the maximum.") % {"value": value}
                )
        _check_fits(quotas, fresh.panel_size)
        volunteers = list(fresh.volunteers.values_list("features", flat=True))
        if category is None:
            if volunteers:
                raise ConventionError(
                    _("The pool already has volunteers: a new category cannot be added.")
                )
            if fresh.categories.filter(key=key).exists():
                raise ConventionError(_("Another category already uses this key."))
            category = Category.objects.create(convention=fresh, key=key, label=label)
            action = "convention.category_add"
        else:
            kept = {value for value, _low, _high in quotas}
            used = {answers.get(category.key) for answers in volunteers} - {None}
            lost = sorted(used - kept)
            if lost:
                raise ConventionError(
                    _("Volunteers chose these values, which must stay: %(values)s.")
                    % {"values": ", ".join(lost)}
                )
            category.label = label
            category.save(update_fields=["label", "updated_at"])
            category.features.all().delete()
            action = "convention.category_change"
        Feature.objects.bulk_create(
            Feature(category=category, value=value, minimum=low, maximum=high)
            for value, low, high in quotas
        )
        record(actor, action, fresh, category=key, values=len(quotas))
    return category


def open_signup(actor: Any, convention: Convention) -> None:
    with transaction.atomic():
        fresh = locked(convention)
        if fresh.status != Convention.Status.DRAFT:
            raise ConventionError(_("Sign-up can only be opened once, from the draft."))
        if not fresh.categories.exists():
            raise ConventionError(_("Define the categories and their quotas first."))
        if fresh.signup_closes_at is not None and fresh.signup_closes_at <= timezone.now():
            raise ConventionError(
                _("The sign-up closing date is past: change it before opening the sign-up.")
            )
        fresh.status = Convention.Status.SIGNUP
        fresh.save(update_fields=["status", "updated_at"])
        record(actor, "convention.open_signup", fresh, fields=["status"])
    convention.refresh_from_db()


def categories_of(convention: Convention) -> list[tuple[Category, list[str]]]:
    """Each category (key order) with its values."""
    categories = list(convention.categories.prefetch_related("features").order_by("key"))
    return [(c, [feature.value for feature in c.features.all()]) for c in categories]
