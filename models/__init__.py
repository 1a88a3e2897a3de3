"""SQLAlchemy 2 models and query functions (db_session keyword-only; callers commit)."""

from models.base import Base, utcnow
from models.evaluation import Interaction, Rating
from models.inbox import InboundEvent, OutboxMessage
from models.incident import Incident, IncidentEvent, TicketCounter
from models.meta import Meta
from models.notice import Delivery, Notice
from models.school import DataImport, Enrollment, School, SchoolAlias, Staffing
from models.user import User

__all__ = [
    "Base", "DataImport", "Delivery", "Enrollment", "InboundEvent", "Incident", "IncidentEvent",
    "Interaction", "Meta", "Notice", "OutboxMessage", "Rating", "School", "SchoolAlias", "Staffing",
    "TicketCounter", "User", "utcnow",
]
