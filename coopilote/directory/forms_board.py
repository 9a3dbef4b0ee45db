"""Forms of the intercooperation board: posting an offer or a need, and filtering the board.

Mass assignment is prevented by omission: the cooperative, the author and the closing date
are never form fields of an edit, and a new post's cooperative is chosen among the user's.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import Commune, Department, Sector
from coopilote.directory.models import Post, PostCategory, PostKind
from coopilote.members import roles as r
from coopilote.members.forms import NafInput
from coopilote.members.models import Cooperative
from coopilote.members.roles import roles_of

_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
# The public URL's words (French) → the kinds of the model.
KINDS = {"offre": PostKind.OFFER, "besoin": PostKind.NEED}


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[-'’]", " ", bare).split())


def postable_cooperatives(user: Any) -> QuerySet[Cooperative]:
    """The active cooperatives ``user`` may post for: those they edit (referent, manager),
    and every cooperative of the unions they manage."""
    roles = roles_of(user)
    if not roles.authenticated:
        return Cooperative.objects.none()
    cooperatives = Cooperative.objects.active()
    if roles.is_admin:
        return cooperatives
    mine = [pk for pk, held in roles.cooperatives.items() if held & r.EDITOR_ROLES]
    return cooperatives.filter(Q(pk__in=mine) | Q(union_id__in=roles.managed_union_ids()))


class PostForm(forms.ModelForm):
    """Edit an offer or a need: only what the post says, never who posted it or when."""

    naf = NafInput(help_text=_("Optional: the activity asked for or offered, e.g. 43.32A."))
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=100,
        help_text=_("Optional: its name or its INSEE code, e.g. 69123 for Lyon."),
    )

    class Meta:
        model = Post
        fields: tuple[str, ...] = (
            "kind",
            "category",
            "title",
            "description",
            "sector",
            "naf",
            "department",
            "commune",
            "start_date",
            "end_date",
        )
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer or need: one must be chosen, so no empty « --------- » radio button.
        self.fields["kind"].choices = PostKind.choices  # type: ignore[attr-defined]
        self.fields["sector"].empty_label = _("Any sector")  # type: ignore[attr-defined]
        self.fields["department"].empty_label = _("Anywhere")  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.commune_id and not self.is_bound:
            self.initial["commune"] = self.instance.commune_id

    def clean_commune(self) -> Commune | None:
        text = self.cleaned_data["commune"].strip()
        if not text:
            return None
        if _INSEE_CODE.match(text.upper()):
            commune = Commune.objects.filter(code=text.upper()).first()
            if commune is None:
                raise forms.ValidationError(_("No commune has this INSEE code."))
            return commune
        # A name: resolved among the communes spelled the same (accents and case aside).
        candidates = list(Commune.objects.filter(name__iexact=text)) or list(
            Commune.objects.filter(name__istartswith=text[:2])[:2000]
        )
        found = [commune for commune in candidates if _folded(commune.name) == _folded(text)]
        department = self.data.get(self.add_prefix("department"))
        if len(found) > 1 and department:
            found = [commune for commune in found if commune.department_id == department]
        if not found:
            raise forms.ValidationError(_("No commune has this name: type its INSEE code."))
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several communes have this name: choose the département or type its INSEE code.")
            )
        return found[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot come before the start."))
        elif end and end < timezone.localdate() and end != self.instance.end_date:
            # The board lists current posts only: this one would be published and never seen.
            self.add_error("end_date", _("This end date is already past."))
        commune, department = data.get("commune"), data.get("department")
        if commune is not None:
            if department is None:
                data["department"] = commune.department
            elif commune.department_id != department.pk:
                self.add_error("commune", _("This commune is not in the chosen département."))
        return data


class PostCreateForm(PostForm):
    """A new post, for one of the cooperatives the user may post for."""

    cooperative = forms.ModelChoiceField(
        label=_("Posted by"), queryset=Cooperative.objects.none(), empty_label=None
    )

    class Meta(PostForm.Meta):
        fields = ("cooperative", *PostForm.Meta.fields)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cooperatives = postable_cooperatives(user).order_by("name")
        self.fields["cooperative"].queryset = cooperatives  # type: ignore[attr-defined]


class BoardFilterForm(forms.Form):
    """The board's filters, all optional; an invalid one is reported and left out."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(
        label=_("Offers or needs"),
        required=False,
        choices=[("", _("Both")), ("offre", _("offers")), ("besoin", _("needs"))],
    )
    categorie = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All")), *PostCategory.choices],
    )
    secteur = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("All"),
    )

    def apply(self, posts: Any) -> Any:
        self.is_valid()
        data = self.cleaned_data
        if kind := data.get("type"):
            posts = posts.filter(kind=KINDS[kind])
        if category := data.get("categorie"):
            posts = posts.filter(category=category)
        if sector := data.get("secteur"):
            posts = posts.filter(Q(sector=sector) | Q(sector=None, cooperative__sector=sector))
        if department := data.get("departement"):
            posts = posts.filter(
                Q(department=department)
                | Q(department=None, cooperative__commune__department=department)
            )
        for word in data.get("q", "").split()[:10]:
            posts = posts.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(cooperative__name__icontains=word)
            )
        return posts
