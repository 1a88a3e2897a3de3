"""Helpers for the incident tests: schools and people in the DB, tickets read back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from models.evaluation import Rating
from models.incident import Incident, IncidentDraft, IncidentEvent
from models.meta import bump_data_version
from models.school import School
from models.user import get_or_create_user
from tests.support.chat import Answer, Chat

STAFF = "U" + "5" * 32
STAFF_2 = "U" + "6" * 32
SCHOOL_USER = "U" + "7" * 32
OTHER = "U" + "8" * 32
SCHOOLS = (("8867000001", "หนองบัวทดสอบวิทยา", "หนองบัวทดสอบ"),
           ("8867000002", "ดงขุยวิทยาคม", "ชนแดน"),
           ("8867000003", "ดงขุยพิทยาคม", "ชนแดน"))


def setup(chat: Chat, *, staff: tuple[str, ...] = (STAFF,), school_user: str | None = SCHOOL_USER) -> None:
    """Add the test schools, a school administrator and staff; rebuild the vocabulary."""
    services = chat.session.services
    with services.sessions() as s:
        for code, name, district in SCHOOLS:
            if s.scalar(select(School).where(School.code == code)) is None:
                s.add(School(code=code, name=name, district=district, province="เพชรบูรณ์",
                             office_id=services.settings.office_id))
        s.flush()
        bump_data_version(db_session=s)
        if school_user:
            u = get_or_create_user(school_user, db_session=s, office_id=services.settings.office_id)
            u.role = "school"
            u.display_name = "ครูสมศรี"
            u.school_id = s.scalar(select(School.id).where(School.code == SCHOOLS[0][0]))
        for i, line_id in enumerate(staff):
            u = get_or_create_user(line_id, db_session=s, office_id=services.settings.office_id)
            u.role = "staff"
            u.display_name = f"เจ้าหน้าที่{i + 1}"
        s.commit()
        services.knowledge.refresh(db_session=s, force=True)


def incidents(chat: Chat) -> list[Incident]:
    """Every ticket, in order."""
    with chat.session.services.sessions() as s:
        return list(s.scalars(select(Incident).order_by(Incident.id)))


def events(chat: Chat, incident_id: int) -> list[IncidentEvent]:
    """A ticket's audit events."""
    with chat.session.services.sessions() as s:
        return list(s.scalars(select(IncidentEvent).where(IncidentEvent.incident_id == incident_id)
                              .order_by(IncidentEvent.id)))


def ratings(chat: Chat) -> list[Rating]:
    """Every rating."""
    with chat.session.services.sessions() as s:
        return list(s.scalars(select(Rating).order_by(Rating.id)))


def drafts(chat: Chat) -> int:
    """How many unconfirmed drafts are saved."""
    with chat.session.services.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(IncidentDraft)) or 0)


def last_push(chat: Chat, user: str) -> Answer:
    """The last message pushed to a user, as an Answer whose buttons can be tapped."""
    pushed = chat.pushed_to(user)
    assert pushed, f"nothing was pushed to {user}"
    return Answer(pushed[-1:], chat)


def pushes(chat: Chat, user: str) -> list[dict[str, Any]]:
    """Everything pushed to a user so far."""
    return chat.pushed_to(user)
