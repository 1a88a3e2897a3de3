"""Schools, their aliases, enrolment and staffing per academic year."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import DEFAULT_OFFICE, Base, utcnow


class School(Base):
    """One school of the area office."""

    __tablename__ = "schools"
    __table_args__ = (UniqueConstraint("office_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE, index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), index=True)
    subdistrict: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="", index=True)
    province: Mapped[str] = mapped_column(String(100), default="")
    principal: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    is_sample: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    aliases: Mapped[list[SchoolAlias]] = relationship(back_populates="school", cascade="all, delete-orphan")


class SchoolAlias(Base):
    """Another name a school is known by (short name, former name)."""

    __tablename__ = "school_aliases"
    __table_args__ = (UniqueConstraint("school_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))

    school: Mapped[School] = relationship(back_populates="aliases")


class DataImport(Base):
    """One import of a data file: the source and as-of date shown with numbers."""

    __tablename__ = "data_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    kind: Mapped[str] = mapped_column(String(16))  # schools | students
    filename: Mapped[str] = mapped_column(String(400))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(200), default="")  # shown with numbers ("DMC", a file name)
    as_of: Mapped[date | None] = mapped_column(default=None)  # the date the data describes/was exported
    is_sample: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Enrollment(Base):
    """Students of one school, academic year (B.E.), term and grade, by gender."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("school_id", "academic_year", "term", "grade"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    academic_year: Mapped[int] = mapped_column(Integer, index=True)
    term: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(8))  # "ม.1" … "ม.6", "ป.1" …, "อ.1" …
    male: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("data_imports.id", ondelete="SET NULL"))


class Staffing(Base):
    """Teachers of one school in an academic year and term."""

    __tablename__ = "staffing"
    __table_args__ = (UniqueConstraint("school_id", "academic_year", "term"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[int] = mapped_column(Integer)
    teachers: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("data_imports.id", ondelete="SET NULL"))
