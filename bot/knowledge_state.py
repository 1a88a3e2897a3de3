"""The live knowledge (school vocabulary + manual index), rebuilt when the data changes."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.meta import DATA_VERSION, MANUAL_VERSION, get_meta
from models.school import Enrollment, School

if TYPE_CHECKING:
    from knowledge.manual import ManualIndex
    from knowledge.vocabulary import SchoolEntry, Vocabulary

log = logging.getLogger(__name__)


def school_entries(*, db_session: Session, office_id: str) -> list[SchoolEntry]:
    """Every school of the office as the understanding layer sees it."""
    from knowledge.vocabulary import SchoolEntry
    rows = db_session.scalars(select(School).where(School.office_id == office_id)
                              .options(selectinload(School.aliases)).order_by(School.code))
    return [SchoolEntry(code=s.code, name=s.name, district=s.district, subdistrict=s.subdistrict,
                        province=s.province, aliases=tuple(a.alias for a in s.aliases)) for s in rows]


class KnowledgeState:
    """Holds the current vocabulary and manual; swaps them atomically after a rebuild."""

    def __init__(self, office_id: str, manual_dir: Path | None = None) -> None:
        self.office_id = office_id
        self.manual_dir = manual_dir
        self._vocabulary: Vocabulary | None = None
        self._manual: ManualIndex | None = None
        self.data_version: str | None = None
        self.latest_year: int | None = None
        self.manual_version: str | None = None
        self._lock = threading.Lock()

    @property
    def vocabulary(self) -> Vocabulary:
        """The school/district vocabulary in use."""
        if self._vocabulary is None:
            from knowledge.vocabulary import Vocabulary
            self._vocabulary = Vocabulary.build([])
        return self._vocabulary

    @property
    def manual(self) -> ManualIndex:
        """The manual index in use."""
        if self._manual is None:
            self.reload_manual()
        assert self._manual is not None
        return self._manual

    @property
    def manual_loaded(self) -> bool:
        """True once a manual index is held (start-up loads it once, not twice)."""
        return self._manual is not None

    def reload_manual(self) -> None:
        """Rebuild the manual index from its content files."""
        from knowledge.manual import ManualIndex
        self._manual = ManualIndex.load(self.manual_dir)

    def refresh(self, *, db_session: Session, force: bool = False) -> bool:
        """Rebuild what an import or `knowledge reload` changed; True if the vocabulary was rebuilt."""
        manual_version = get_meta(MANUAL_VERSION, db_session=db_session)
        if manual_version != self.manual_version:
            if self._manual is not None or force:
                self.reload_manual()
            self.manual_version = manual_version
        version = get_meta(DATA_VERSION, db_session=db_session)
        if not force and version == self.data_version and self._vocabulary is not None:
            return False
        with self._lock:
            from knowledge.vocabulary import Vocabulary
            entries = school_entries(db_session=db_session, office_id=self.office_id)
            self._vocabulary = Vocabulary.build(entries)
            self.latest_year = db_session.scalar(select(func.max(Enrollment.academic_year)))
            self.data_version = version
        log.info("vocabulary rebuilt: %d schools (data version %s)", len(entries), version)
        return True
