"""Apply the Alembic migrations that ship inside the package.

Every process start (`khetbot serve`, each uvicorn worker, every CLI command) upgrades the schema.
Almost always it is already at the newest revision, so `upgrade` first compares the database's
`alembic_version` rows with the head revisions read from the migration files (one small query,
no Alembic import: importing Alembic and loading its environment costs ~0.1-0.3 s and ~10 MB per
process) and runs Alembic only when they differ, or when the files cannot be read plainly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

import migrations

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py does not change it
_VERSIONS = Path(migrations.__file__).parent / "versions"
_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]\s*$", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_DEPENDS = re.compile(r"^depends_on\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and this database."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str] | None:
    """The head revisions of the packaged migration files, or None when they cannot be read plainly
    (then Alembic decides)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in sorted(_VERSIONS.glob("*.py")):
        if path.name.startswith("_"):
            continue
        source = path.read_text(encoding="utf-8")
        rev, down, depends = _REVISION.search(source), _DOWN.search(source), _DEPENDS.search(source)
        if rev is None or down is None or (depends is not None and depends.group(1).strip() != "None"):
            return None
        revisions.add(rev.group(1))
        downs.update(_QUOTED.findall(down.group(1)))
    heads = revisions - downs
    return frozenset(heads) if heads and downs <= revisions else None


def is_current(engine: Engine) -> bool:
    """True when the database's schema revision is exactly the packaged head (nothing to upgrade)."""
    heads = script_heads()
    if heads is None:
        return False
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return False
        current = frozenset(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    return current == heads


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision."""
    if is_current(engine):
        return
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
