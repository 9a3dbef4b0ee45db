"""The outbox: e-mails written by an action, waiting for the worker to send them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models.base import BaseModel


class OutgoingMail(BaseModel):
    """One e-mail until it leaves: written in the transaction of the action that sends it, so a
    rolled-back action sends nothing; deleted once sent, so that who was written what (such as
    the members who had not answered a round) stays in the e-mails, not in the database. The
    worker's task holds only these rows' keys."""

    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    from_email = models.CharField(_("sender"), max_length=320)
    to = models.JSONField(_("recipients"), default=list)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The kind of the last failure (``SMTPRecipientsRefused``…), never its text: it may hold
    # addresses.
    last_error = models.CharField(_("last error"), max_length=100, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return self.subject
