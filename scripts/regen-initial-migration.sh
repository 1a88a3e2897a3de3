#!/usr/bin/env bash
# Until the first release the schema lives in one initial migration, regenerated from models/.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/0001_initial.py
python - "$tmp" <<'PY'
import sys
from alembic import command
from bot.migrate import alembic_config
cfg = alembic_config(f"sqlite:///{sys.argv[1]}/empty.db")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001", )
PY
mv migrations/versions/0001_initial_schema.py migrations/versions/0001_initial.py
sed -i 's/models\.base\.UTCDateTime()/models.base.UTCDateTime()/g' migrations/versions/0001_initial.py
rm -rf "$tmp"
echo "regenerated migrations/versions/0001_initial.py"
