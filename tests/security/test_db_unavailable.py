"""A locked or vanished database answers 503 with Retry-After, and no write is lost or halved."""
import sqlalchemy as sa
from sqlmodel import select

from models import Municipality, Role, make_engine


def _lock(app, db_url):
    """Hold a real write lock on the municipality table; return (connection, release)."""
    if db_url.startswith("sqlite"):
        # The app waits only a moment for the lock, so the test does not wait 15 s.
        app.extensions["engine"].dispose()
        app.extensions["engine"] = make_engine(db_url, connect_args={"timeout": 0.2})
        holder = sa.create_engine(db_url, isolation_level=None)
        conn = holder.connect()
        conn.exec_driver_sql("BEGIN EXCLUSIVE")
    else:
        app.extensions["engine"].dispose()
        engine = make_engine(db_url)

        @sa.event.listens_for(engine, "connect")
        def _short_lock_wait(dbapi_conn, _record):
            """Give up on a lock after 0.2 s instead of waiting for ever."""
            with dbapi_conn.cursor() as cur:
                cur.execute("SET lock_timeout = 200")
            dbapi_conn.commit()

        app.extensions["engine"] = engine
        holder = sa.create_engine(db_url)
        conn = holder.connect()
        conn.exec_driver_sql("LOCK TABLE municipality IN ACCESS EXCLUSIVE MODE")

    def release():
        conn.rollback() if not db_url.startswith("sqlite") else conn.exec_driver_sql("ROLLBACK")
        conn.close()
        holder.dispose()

    return release


def test_locked_database_gives_503_and_the_retry_saves_once(app, db_url, auth, make, db):
    admin = make.user(None, Role.ADMIN)
    auth.login(admin)
    from ..conftest import csrf_token

    form = {"m-name": "Låsby", "m-slug": "laasby", "csrf_token": csrf_token(auth.client)}
    release = _lock(app, db_url)
    try:
        response = auth.client.post("/admin/municipalities", data=form)
    finally:
        release()
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Prøv igen om et øjeblik" in response.get_data(as_text=True)
    assert db.exec(select(Municipality).where(Municipality.slug == "laasby")).all() == []
    retry = auth.client.post("/admin/municipalities", data=form)
    assert retry.status_code in (200, 302)
    assert len(db.exec(select(Municipality).where(Municipality.slug == "laasby")).all()) == 1


def test_a_dropped_connection_is_503_not_500(app, client, monkeypatch):
    from sqlalchemy.exc import DBAPIError

    def broken(*args, **kwargs):
        raise DBAPIError("SELECT 1", {}, Exception("server closed the connection"),
                         connection_invalidated=True)

    monkeypatch.setattr("web.accounts.login.throttle_wait", broken)
    response = client.post("/login", data={
        "email": "a@b.c", "password": "x", "csrf_token": _token(client)})
    assert response.status_code == 503 and "Retry-After" in response.headers


def _token(client):
    """Read the login form's CSRF token."""
    import re

    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
