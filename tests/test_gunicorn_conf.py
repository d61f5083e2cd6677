"""The gunicorn settings in the project folder."""
import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def test_a_started_worker_freezes_what_the_app_built():
    hooks = runpy.run_path(str(CONF))
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
