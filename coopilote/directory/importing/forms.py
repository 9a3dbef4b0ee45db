from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 10 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".xlsx")


class ImportForm(forms.Form):
    """Only the file: the union is the staff member's current one, never a posted field."""

    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: nom, siret, statut (required), naf, code_postal, commune, "
            "date_creation, effectif, activites. 10 MB at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (10 MB at most)."))
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Send a .csv or .xlsx file."))
        return upload
