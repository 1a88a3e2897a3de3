"""Data import: CSV (UTF-8, BOM or not) and XLSX, validated all-or-nothing, upserted idempotently."""

from models.importers.demo import DEMO_DIR, load_demo
from models.importers.errors import ImportFailed, ImportResult, RowError
from models.importers.reading import read_table
from models.importers.schools import import_schools
from models.importers.students import import_students

__all__ = ["DEMO_DIR", "ImportFailed", "ImportResult", "RowError", "import_schools", "import_students", "load_demo",
           "read_table"]
