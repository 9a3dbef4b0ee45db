"""A cooperative import: the uploaded file, its dry-run report, its progress, its outcome."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel


class ImportJob(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("checked")
        REJECTED = "rejected", pgettext_lazy("import", "rejected")
        APPLYING = "applying", _("applying")
        DONE = "done", pgettext_lazy("import", "applied")
        FAILED = "failed", _("failed")

    union = models.ForeignKey("members.Union", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    # The raw bytes: the worker re-reads exactly what was checked.
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # {"errors": [{"line", "column", "message"}], "created": n, "updated": n, "unchanged": n}
    report = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cooperative import")
        verbose_name_plural = _("cooperative imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    def abilities(self, user: Any) -> dict[str, bool]:
        from coopilote.members.roles import roles_of

        manages = roles_of(user).manages_union(self.union_id)
        return {"view": manages, "apply": manages}
