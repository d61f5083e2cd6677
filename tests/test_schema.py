"""The migrations build exactly the schema the models describe, on both databases."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401
from models import migrate


def test_migrations_match_the_models(app, db_url):
    engine = app.extensions["engine"]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_downgrade_to_empty_and_up_again(db_url):
    migrate.downgrade(db_url, "base")
    engine = sa.create_engine(db_url)
    tables = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    migrate.upgrade(db_url)
    assert "volunteer" in sa.inspect(engine).get_table_names()
    engine.dispose()


def test_timestamps_come_back_in_utc_with_zone(db, make):
    town = make.municipality()
    db.expire_all()
    again = db.get(models.Municipality, town.id)
    assert again.created_at.utcoffset() is not None
    assert again.created_at.utcoffset().total_seconds() == 0
