"""The bundled sample dataset (fictional schools, marked is_sample so answers say so)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models.importers.errors import ImportResult
from models.importers.schools import import_schools
from models.importers.students import import_students

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_SOURCE = "ข้อมูลตัวอย่าง (สมมติ)"
DEMO_AS_OF = date(2025, 6, 10)


def load_demo(*, db_session: Session, office_id: str) -> tuple[ImportResult, ImportResult]:
    """Load the sample schools and students into the office (idempotent; flushes, never commits)."""
    schools = import_schools(DEMO_DIR / "schools.csv", db_session=db_session, office_id=office_id,
                             source=DEMO_SOURCE, as_of=DEMO_AS_OF, is_sample=True)
    students = import_students(DEMO_DIR / "students.csv", db_session=db_session, office_id=office_id,
                               source=DEMO_SOURCE, as_of=DEMO_AS_OF, is_sample=True)
    return schools, students
