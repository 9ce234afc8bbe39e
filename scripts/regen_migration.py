"""Until the first release the schema is a single initial migration: regenerate it from
the models after changing storage/models.py (`python scripts/regen_migration.py`)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from storage.migrate import MIGRATIONS, alembic_config

target = MIGRATIONS / "versions" / "0001_initial.py"
target.unlink(missing_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    cfg = alembic_config(f"sqlite+aiosqlite:///{tmp}/regen.sqlite3")
    command.revision(cfg, message="initial", autogenerate=True, rev_id="0001")
made = next((MIGRATIONS / "versions").glob("0001_*.py"))
made.rename(target)
print(f"wrote {target}")
