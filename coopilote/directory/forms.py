"""The directory's search form: reads the query string, runs the search, pages the results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from coopilote.algorithms.geo import Point, bounding_box, haversine_km
from coopilote.core.collation import french, sort_key
from coopilote.core.models import Commune, Department, Sector
from coopilote.core.models.territories import with_arrondissements
from coopilote.core.widgets import (
    LightModelChoiceField,
    QuickNumberInput,
    QuickSelect,
    QuickTextInput,
)
from coopilote.directory import search
from coopilote.directory.models import Label
from coopilote.members.models import Cooperative
from coopilote.members.models.cooperative import Family, Origin

PAGE_SIZE = 20
# Further than any directory's last page (a million pages of twenty).
MAX_PAGE = 1_000_000
RESULTS_ID = "directory-results"
# The public URL's words (French) → the families of members.models.
STATUSES = {
    "scop": Family.SCOP,
    "scic": Family.SCIC,
    "cae": Family.CAE,
    "filiale": Family.SUBSIDIARY,
}
RELEVANCE, NAME, DISTANCE = "pertinence", "nom", "distance"
# Headcount bands as INSEE counts them (tranches d'effectif), the URL word → (min, max).
SIZE_BANDS = {
    "0": (0, 0),
    "1-9": (1, 9),
    "10-49": (10, 49),
    "50-249": (50, 249),
    "250+": (250, None),
}
ORIGINS = {
    "creation": Origin.CREATION,
    "transmission": Origin.TRANSMISSION,
    "transformation": Origin.TRANSFORMATION,
    "reprise": Origin.TAKEOVER,
}
_NAF_PREFIX = re.compile(r"^(\d{2})(?:\.?(\d{1,2})([A-Z])?)?$")
_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def _page_number(number: Any) -> int:
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1


@dataclass
class Results:
    page: Page
    rows: list[tuple[Cooperative, float | None]]
    sort: str


@dataclass
class Ordered:
    """A search's cooperatives in their order: an ordered queryset, or (by distance) the ids."""

    cooperatives: Any
    sort: str
    distances: dict[Any, float] = field(default_factory=dict)
    ids: list[Any] | None = None

    def _fetch(self, ids: list[Any]) -> list[Cooperative]:
        found = {c.pk: c for c in self.cooperatives.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def page(self, number: Any, size: int = PAGE_SIZE) -> tuple[Page, list[Cooperative]]:
        """The page asked for (the first if ``number`` is not a page, the last if past it)."""
        if self.ids is not None:
            page = Paginator(self.ids, size).get_page(number)
            return page, self._fetch(list(page.object_list))
        if not search.is_postgresql():  # SQLite refuses bm25() beside a window function
            page = Paginator(self.cooperatives, size).get_page(number)
            return page, list(page.object_list)
        # As Paginator.get_page: not a number → the first page; below 1 or past the end → the
        # last. A page beyond any directory is past the end without asking the database (its
        # offset would overflow PostgreSQL's bigint).
        wanted = _page_number(number)
        listed, total = self._slice(wanted, size) if 1 <= wanted <= MAX_PAGE else ([], None)
        if not listed and wanted != 1:
            if total is None:
                total = self.cooperatives.count()
            wanted = max(1, -(-total // size))
            listed, total = self._slice(wanted, size)
        paginator = Paginator(listed, size)
        paginator.count = total or 0  # a cached_property: known already, never counted
        return Page(listed, wanted, paginator), listed

    def _slice(self, number: int, size: int) -> tuple[list[Cooperative], int | None]:
        """One page of rows and the total (None when the page is empty): the count rides along
        as a window over the same match, instead of a second query running the search again."""
        start = (number - 1) * size
        rows = list(
            self.cooperatives.annotate(found_total=Window(Count("pk")))[start : start + size]
        )
        return rows, (rows[0].found_total if rows else None)

    def first(self, limit: int) -> list[Cooperative]:
        """At most ``limit`` cooperatives, in order (exports)."""
        if self.ids is not None:
            return self._fetch(self.ids[:limit])
        return list(self.cooperatives[:limit])


class DirectorySearchForm(forms.Form):
    """Every field is optional; an invalid one is reported and left out of the search."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words, a “quoted phrase”, or -word to leave a word out."),
        widget=QuickTextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse_lazy("directory:search"),
                "hx-target": f"#{RESULTS_ID}",
                "hx-trigger": "keyup changed delay:300ms, search",
                "hx-include": "closest form",
                "hx-push-url": "true",
            }
        ),
    )
    statut = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("scop", "Scop"),
            ("scic", "Scic"),
            ("cae", _("CAE")),
            ("filiale", _("subsidiary")),
        ],
    )
    secteur = LightModelChoiceField(
        widget=QuickSelect,
        label_fields=("name",),
        label_format="{}",
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        kept_as="directory-sectors",
        to_field_name="slug",
        empty_label=_("All"),
    )
    naf = forms.CharField(
        widget=QuickTextInput,
        label=_("NAF code"),
        required=False,
        max_length=8,
        help_text=_("A code or its beginning, for example 43 or 43.32."),
    )
    departement = LightModelChoiceField(
        widget=QuickSelect,
        label_fields=("name", "code"),
        label_format="{} ({})",
        label=_("Département"),
        required=False,
        queryset=Department.objects.all(),
        kept_as="directory-departments",
        empty_label=_("All"),
    )
    commune = forms.CharField(
        widget=QuickTextInput,
        label=_("Commune (INSEE code)"),
        required=False,
        max_length=5,
        help_text=_("For example 69123 for Lyon."),
    )
    rayon_km = forms.IntegerField(
        widget=QuickNumberInput,
        label=_("Within (km)"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("Around the commune above."),
    )
    taille = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Size (employees)"),
        required=False,
        choices=[("", _("All")), *((band, band) for band in SIZE_BANDS)],
        help_text=_("Among the cooperatives that publish their headcount."),
    )
    annee_min = forms.IntegerField(
        widget=QuickNumberInput,
        label=_("Created from (year)"),
        required=False,
        min_value=1800,
        max_value=2100,
    )
    annee_max = forms.IntegerField(
        widget=QuickNumberInput,
        label=_("Created until (year)"),
        required=False,
        min_value=1800,
        max_value=2100,
    )
    origine = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Origin"),
        required=False,
        choices=[
            ("", _("All")),
            ("creation", _("creation")),
            ("transmission", _("transmission")),
            ("transformation", _("transformation")),
            ("reprise", _("takeover")),
        ],
    )
    label = LightModelChoiceField(
        widget=QuickSelect,
        label_fields=("name",),
        label_format="{}",
        label=_("Label"),
        required=False,
        queryset=Label.objects.all(),
        kept_as="directory-labels",
        to_field_name="slug",
        empty_label=_("All"),
    )
    tri = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("default")),
            (RELEVANCE, _("relevance")),
            (NAME, _("name")),
            (DISTANCE, _("distance")),
        ],
    )

    def clean_naf(self) -> str:
        text = self.cleaned_data["naf"].strip().upper()
        if not text:
            return ""
        match = _NAF_PREFIX.match(text)
        if match is None:
            raise forms.ValidationError(_("Type a NAF code such as 43.32A, or its beginning."))
        division, rest, letter = match.groups()
        return division + (f".{rest}" if rest else "") + (letter or "")

    def clean_commune(self) -> Commune | None:
        code = self.cleaned_data["commune"].strip().upper()
        if not code:
            return None
        commune = Commune.objects.filter(code=code).first() if _INSEE_CODE.match(code) else None
        if commune is None:
            raise forms.ValidationError(_("No commune has this INSEE code."))
        return commune

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        commune, radius = data.get("commune"), data.get("rayon_km")
        if radius and "commune" in data and commune is None:
            self.add_error("rayon_km", _("Give a commune to search around it."))
        elif radius and commune is not None and commune.latitude is None:
            self.add_error("commune", _("This commune’s location is unknown."))
        return data

    @property
    def data_ok(self) -> dict[str, Any]:
        """The valid fields only (the form is always bound to the query string)."""
        self.is_valid()
        return self.cleaned_data

    def around(self) -> tuple[Commune, int] | None:
        data = self.data_ok
        commune, radius = data.get("commune"), data.get("rayon_km")
        if commune is not None and radius and commune.latitude is not None:
            return commune, radius
        return None

    def sort(self) -> str:
        """The sort asked for if it applies; else relevance, then distance, then name."""
        allowed = [NAME]
        if self.around():
            allowed.insert(0, DISTANCE)
        if self.data_ok.get("q", "").strip():
            allowed.insert(0, RELEVANCE)
        wanted = self.data_ok.get("tri")
        return wanted if wanted in allowed else allowed[0]

    def ordered(self) -> Ordered:
        """The one search shared by the page, the exports and the API: filtered and ordered."""
        data = self.data_ok
        cooperatives: Any = Cooperative.objects.active().for_directory()
        if statut := data.get("statut"):
            cooperatives = cooperatives.of_family(STATUSES[statut])
        if sector := data.get("secteur"):
            cooperatives = cooperatives.filter(sector=sector)
        if naf := data.get("naf"):
            cooperatives = cooperatives.filter(naf__code__startswith=naf)
        if department := data.get("departement"):
            cooperatives = cooperatives.filter(commune__department=department)
        if band := data.get("taille"):
            low, high = SIZE_BANDS[band]
            # Only the headcounts the cooperatives publish: filtering on the others would tell
            # anyone a number its cooperative keeps to itself.
            cooperatives = cooperatives.filter(
                public_fields__icontains='"headcount"', headcount__gte=low
            )
            if high is not None:
                cooperatives = cooperatives.filter(headcount__lte=high)
        if first_year := data.get("annee_min"):
            cooperatives = cooperatives.filter(creation_date__year__gte=first_year)
        if last_year := data.get("annee_max"):
            cooperatives = cooperatives.filter(creation_date__year__lte=last_year)
        if origin := data.get("origine"):
            cooperatives = cooperatives.filter(origin=ORIGINS[origin])
        if label := data.get("label"):
            cooperatives = cooperatives.filter(labels=label)
        around = self.around()
        if data.get("commune") is not None and around is None:
            cooperatives = cooperatives.filter(
                commune__in=with_arrondissements(data["commune"].code)
            )
        if q := data.get("q", "").strip():
            cooperatives = search.matching(cooperatives, q)
        sort = self.sort()
        distances: dict[Any, float] = {}
        names: dict[Any, str] = {}
        if around is not None:
            distances, names = self._within(cooperatives, *around)
            cooperatives = cooperatives.filter(pk__in=list(distances))
        if sort == DISTANCE:
            ids = sorted(distances, key=lambda pk: (distances[pk], sort_key(names[pk])))
            return Ordered(cooperatives, sort, distances, ids)
        ordering: list[Any] = [french("name"), "pk"]
        if sort == RELEVANCE:
            ordering.insert(0, "-relevance")
        return Ordered(cooperatives.order_by(*ordering), sort, distances)

    def results(self, page_number: Any) -> Results:
        ordered = self.ordered()
        page, listed = ordered.page(page_number)
        rows = [(cooperative, ordered.distances.get(cooperative.pk)) for cooperative in listed]
        return Results(page=page, rows=rows, sort=ordered.sort)

    @staticmethod
    def _within(
        cooperatives: Any, commune: Commune, radius: int
    ) -> tuple[dict[Any, float], dict[Any, str]]:
        """Distances (km) of the cooperatives within ``radius``: box in SQL, haversine here."""
        assert commune.latitude is not None and commune.longitude is not None
        centre = Point(commune.latitude, commune.longitude)
        south, north, west, east = bounding_box(centre, radius)
        candidates = cooperatives.filter(
            commune__latitude__range=(south, north), commune__longitude__range=(west, east)
        ).values_list("pk", "name", "commune__latitude", "commune__longitude")
        distances: dict[Any, float] = {}
        names: dict[Any, str] = {}
        for pk, name, lat, lon in candidates:
            distance = haversine_km(centre, Point(lat, lon))
            if distance <= radius:
                distances[pk], names[pk] = distance, name
        return distances, names
