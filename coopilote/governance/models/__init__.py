from coopilote.governance.models.assemblies import (
    Assembly,
    College,
    Proxy,
    Resolution,
    ResolutionOption,
    Voter,
)
from coopilote.governance.models.consent import Answer, ConsentDecision, DecisionVersion, Round
from coopilote.governance.models.conventions import (
    Category,
    Convention,
    Draw,
    Feature,
    SeedContribution,
    Volunteer,
)
from coopilote.governance.models.elections import Election, ElectionProposal, Nomination
from coopilote.governance.models.mandates import InterestDeclaration, Mandate, Role
from coopilote.governance.models.practices import (
    PracticeComment,
    PracticeSheet,
    PracticeTag,
    PracticeTrial,
)
from coopilote.governance.models.rules import (
    Accountability,
    Amendment,
    AmendmentComment,
    RuleDocument,
    RuleVersion,
)

__all__ = [
    "Accountability",
    "Amendment",
    "AmendmentComment",
    "Answer",
    "Assembly",
    "Category",
    "College",
    "ConsentDecision",
    "Convention",
    "DecisionVersion",
    "Draw",
    "Election",
    "ElectionProposal",
    "Feature",
    "InterestDeclaration",
    "Mandate",
    "Nomination",
    "PracticeComment",
    "PracticeSheet",
    "PracticeTag",
    "PracticeTrial",
    "Proxy",
    "Resolution",
    "ResolutionOption",
    "Role",
    "Round",
    "RuleDocument",
    "RuleVersion",
    "SeedContribution",
    "Volunteer",
    "Voter",
]
