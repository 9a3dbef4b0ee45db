"""One directory entry per cooperative: the text the public directory searches."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectoryEntry(models.Model):
    """Rebuilt by ``services.refresh_entries``; never edited by hand.

    ``search_vector`` is filled on PostgreSQL only; on SQLite the ``directory_fts`` FTS5
    table (created by migration 0002) holds the same document.
    """

    cooperative = models.OneToOneField(
        "members.Cooperative",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="directory_entry",
        verbose_name=_("cooperative"),
    )
    document = models.TextField(_("searched text"), blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        # Created on PostgreSQL only (migration 0002): SQLite has no GIN.
        indexes = [GinIndex(fields=["search_vector"], name="directory_entry_vector_gin")]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        return str(self.cooperative_id)
