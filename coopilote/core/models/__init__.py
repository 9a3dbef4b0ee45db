from coopilote.core.models.audit import AuditEvent
from coopilote.core.models.base import BaseModel
from coopilote.core.models.sectors import NafCode, Sector, SectorMapping
from coopilote.core.models.territories import Commune, Department, Region

__all__ = [
    "AuditEvent",
    "BaseModel",
    "Commune",
    "Department",
    "NafCode",
    "Region",
    "Sector",
    "SectorMapping",
]
