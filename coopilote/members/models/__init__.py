from coopilote.members.models.cooperative import Cooperative, Membership
from coopilote.members.models.person import Person
from coopilote.members.models.union import Body, BodySeat, Federation, Union, UnionRole

__all__ = [
    "Body",
    "BodySeat",
    "Cooperative",
    "Federation",
    "Membership",
    "Person",
    "Union",
    "UnionRole",
]
