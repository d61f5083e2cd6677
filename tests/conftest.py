"""Fixtures: a fresh app and database per test, on SQLite and on PostgreSQL."""
import os
import re
import shutil
import time

import pytest
import sqlalchemy as sa

from models import ALL_TENANTS, Role, migrate, scoped_session
from web import create_app

from .factories import Factory

PG_BASE = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_SCHEMA = f"t_{os.getpid()}"


def _pg_reachable() -> bool:
    """Tell whether the local PostgreSQL server answers."""
    try:
        with sa.create_engine(PG_BASE, connect_args={"connect_timeout": 3}).connect():
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url():
    """A private schema on the test PostgreSQL server, migrated once for the run."""
    if not _pg_reachable():
        message = f"PostgreSQL is not reachable at {PG_BASE}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required in CI)")
        pytest.skip(message + "; PostgreSQL tests skipped")
    admin = sa.create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
    # Each pytest process gets its own schema, so parallel runs never collide.
    url = f"{PG_BASE}?options=-csearch_path%3D{PG_SCHEMA}"
    migrate.upgrade(url)
    yield url
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


def terminate_backend(engine, pid: int) -> None:
    """End one PostgreSQL server process, as a restart or an administrator would, over a
    connection of its own, and wait until it is gone (its socket is closed by then)."""
    admin = sa.create_engine(engine.url)
    try:
        with admin.connect() as conn:
            assert conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
            for _ in range(500):
                gone = not conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity "
                                                "WHERE pid = :p"), {"p": pid}).scalar()
                conn.rollback()  # the next look takes a fresh snapshot of the server's activity
                if gone:
                    return
                time.sleep(0.01)
        raise AssertionError(f"PostgreSQL backend {pid} did not end")
    finally:
        admin.dispose()


def _truncate_all(url: str) -> None:
    """Empty every table of the PostgreSQL test schema."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version'"
        )).scalars().all()
        conn.execute(sa.text(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        ))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, sqlite_template):
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    _truncate_all(url)
    return url


@pytest.fixture
def app(db_url, tmp_path):
    """The app on a fresh database, configured for tests."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": db_url,
        "RATELIMIT_ENABLED": False,
        "PHOTO_DIR": str(tmp_path / "photos"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
    })
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def db(app):
    """A session over all municipalities, for arranging and checking data."""
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
        yield session


@pytest.fixture
def town(make):
    """A municipality (Stevns), for tests that need just one."""
    return make.municipality("stevns", "Stevns")


@pytest.fixture
def coordinator(make, town):
    """The town's coordinator."""
    return make.user(town, Role.COORDINATOR)


@pytest.fixture
def make(db):
    """Factory helpers that create rows and commit them."""
    return Factory(db)


def csrf_token(client) -> str:
    """Fetch a page and return its CSRF token."""
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    if 'name="csrf_token"' not in page:
        page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


class Auth:
    """Log users in and out through the real login form."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password=Factory.PASSWORD):
        """Log ``user`` in with their password."""
        return self.client.post("/login", data={
            "email": user.email, "password": password, "csrf_token": csrf_token(self.client),
        })

    def logout(self):
        """Log the current user out."""
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client)})

    def post(self, url, data=None, **kw):
        """Post a form with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", csrf_token(self.client))
        return self.client.post(url, data=data, **kw)


@pytest.fixture
def auth(client):
    """Log in and post forms as a user."""
    return Auth(client)
