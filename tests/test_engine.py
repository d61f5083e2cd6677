"""The database engine: how its connections are set up."""
import select

import pytest
import sqlalchemy as sa

from models import make_engine
from web import create_app

from .conftest import terminate_backend


@pytest.mark.postgres
def test_postgresql_plans_each_statement_for_the_municipality_it_asks_about(pg_url):
    """A generic plan, made for an average municipality, reads a big one's whole table where
    an index would read one page of it; every connection asks for plans made for the real
    values, and keeps doing so after the pool has rolled it back and handed it out again."""
    engine = make_engine(pg_url)
    try:
        for _ in range(2):  # a new connection, then the same one back from the pool
            with engine.connect() as conn:
                assert conn.execute(sa.text("SHOW plan_cache_mode")).scalar() \
                    == "force_custom_plan"
        assert engine.pool.checkedin() == 1
    finally:
        engine.dispose()


def _backend(conn) -> int:
    """The server process behind a connection."""
    return conn.execute(sa.text("SELECT pg_backend_pid()")).scalar()


def _end_pooled_backend(engine) -> int:
    """End the server process behind the connection waiting in the pool and wait until its
    closing has reached this side of the socket, as it does after a restart; return its pid."""
    with engine.connect() as conn:
        pid, raw = _backend(conn), conn.connection.dbapi_connection
    terminate_backend(engine, pid)
    assert select.select([raw.fileno()], [], [], 5)[0], "the server's closing never arrived"
    return pid


@pytest.mark.postgres
def test_a_connection_the_server_closed_is_replaced_before_anyone_uses_it(pg_url):
    engine = make_engine(pg_url)
    pings = []
    ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda dbapi_conn: pings.append(1) or ping(dbapi_conn)
    try:
        with engine.connect() as conn:
            first = _backend(conn)
        with engine.connect() as conn:  # a healthy pooled connection: no round trip to check it
            assert _backend(conn) == first
        assert pings == []
        assert _end_pooled_backend(engine) == first
        with engine.connect() as conn:
            assert _backend(conn) != first
        assert pings == [1]
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_pages_keep_working_after_the_server_ends_the_apps_connections(pg_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": pg_url,
                      "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": False})
    engine = app.extensions["engine"]
    client = app.test_client()
    try:
        assert client.get("/login").status_code == 200
        _end_pooled_backend(engine)
        assert client.get("/m/none/bliv-rollemodel").status_code == 404  # reads the database
        assert client.get("/login").status_code == 200
    finally:
        engine.dispose()
