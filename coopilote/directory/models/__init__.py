"""The directory's models: search entries, labels, the human side of a cooperative's page,
offers and needs between cooperatives (the intercooperation board), corrections, imports."""

from coopilote.directory.models.board import (
    Post,
    PostCategory,
    PostDelivery,
    PostKind,
    PostQuerySet,
)
from coopilote.directory.models.entry import DirectoryEntry
from coopilote.directory.models.imports import ImportJob
from coopilote.directory.models.profile import CorrectionSuggestion, Label, Photo, Testimonial

__all__ = [
    "CorrectionSuggestion",
    "DirectoryEntry",
    "ImportJob",
    "Label",
    "Photo",
    "Post",
    "PostCategory",
    "PostDelivery",
    "PostKind",
    "PostQuerySet",
    "Testimonial",
]
