from coopilote.roadmap.forms.congress import (
    MAX_UPLOAD,
    CommentForm,
    CongressImportForm,
    MergeForm,
    ProposalChoices,
    ScopeForm,
    SplitForm,
    TableImportForm,
)
from coopilote.roadmap.forms.plan import (
    ActionForm,
    AxisForm,
    LetterForm,
    PrioritiseForm,
    ProgressForm,
    RoadmapForm,
    StatusFormSet,
    UpdateForm,
)

__all__ = [
    "MAX_UPLOAD",
    "ActionForm",
    "AxisForm",
    "CommentForm",
    "CongressImportForm",
    "LetterForm",
    "MergeForm",
    "PrioritiseForm",
    "ProgressForm",
    "ProposalChoices",
    "RoadmapForm",
    "ScopeForm",
    "SplitForm",
    "StatusFormSet",
    "TableImportForm",
    "UpdateForm",
]
