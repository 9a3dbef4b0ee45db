from coopilote.core.models.audit import AuditEvent
from coopilote.core.models.base import BaseModel
from coopilote.core.models.mail import OutgoingMail
from coopilote.core.models.sectors import NafCode, Sector, SectorMapping
from coopilote.core.models.territories import Commune, Department, Region

__all__ = [
    "AuditEvent",
    "BaseModel",
    "Commune",
    "Department",
    "NafCode",
    "OutgoingMail",
    "Region",
    "Sector",
    "SectorMapping",
]
