"""Shared benchmark helpers: merge one section into bench.json at the repository root."""

import json
import os
import tempfile
from pathlib import Path

BENCH_FILE = Path(__file__).resolve().parents[2] / "bench.json"


def write_section(key, figures, path=BENCH_FILE):
    """Merge `figures` under the top-level `key` of bench.json, keeping other sections."""
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = figures
    # Write then rename, so a concurrent reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)
