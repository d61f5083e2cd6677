"""SQLite's planner gets table statistics after bulk loads and from the scheduler every day."""
import sqlalchemy as sa

from models import refresh_statistics
from web.scheduling import runner


def _has_statistics(engine) -> bool:
    with engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all()
        return bool(tables) and conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'citizen'").scalar() > 0


def test_refresh_statistics_analyzes_sqlite_and_leaves_postgresql_to_autovacuum(app, make, town):
    engine = app.extensions["engine"]
    for _ in range(3):
        make.citizen(town)
    if engine.dialect.name != "sqlite":
        refresh_statistics(engine)  # nothing to do, and nothing fails
        return
    assert not _has_statistics(engine)
    refresh_statistics(engine)
    assert _has_statistics(engine)


def test_the_scheduler_refreshes_statistics_daily(app, make, town):
    engine = app.extensions["engine"]
    make.citizen(town)
    runner.run_statistics(app)
    if engine.dialect.name == "sqlite":
        assert _has_statistics(engine)


def test_seed_large_leaves_statistics(app):
    engine = app.extensions["engine"]
    result = app.test_cli_runner().invoke(args=["seed-large", "--municipalities", "2",
                                                "--volunteers", "20", "--citizens", "30"])
    assert result.exit_code == 0, result.output
    if engine.dialect.name == "sqlite":
        assert _has_statistics(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM citizen")).scalar() >= 30
