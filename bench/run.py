"""``make bench``: run every benchmark module in bench/ (or those named on the command line).

Each module has ``main(argv) -> dict``; results are written to bench/results/<name>-<db>.json.
Benchmarks use their own database: DATABASE_URL if set (use a scratch database!), otherwise a
SQLite file under var/bench/.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = ["foundation", "cases", "shelters", "linkage", "stats", "load"]


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or MODULES
    flags = [a for a in sys.argv[1:] if a.startswith("-")]
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        module.main(flags)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
