"""Signals other apps listen to, so accounts never has to know their models."""

from django.dispatch import Signal

# Sent inside anonymize_person's transaction with person= and actor=: an app holding more
# personal data about that person (trainings, votes...) wipes it in the same transaction.
person_anonymized = Signal()
