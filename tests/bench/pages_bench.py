"""Page timings on the large synthetic network, one request at a time, in-process.

Run as ``python -m tests.bench.pages_bench``. It builds the network (``seed.synthetic``: a
municipality with 2,000 volunteers and 5,000 citizens, 49 small ones) in a temporary SQLite file
and in a PostgreSQL schema of its own, logs in as a coordinator, a volunteer and a citizen of the
big municipality, and times each page (median of ``PAGES_REPEAT`` loads after one warm-up), with
its size and its number of SQL statements. Writes ``pages`` into bench.json.

``PAGES_BENCH_URL=<database url>`` measures an existing database with that data instead (nothing
is built; only a citizen login link is made, through the app). ``PAGES_BENCH_DBS=sqlite`` or
``postgresql`` measures one kind only.
"""
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from models import ALL_TENANTS, Match, MatchStatus, Municipality, Role, User, migrate
from models import Volunteer, refresh_statistics, scoped_session
from seed import synthetic
from web import create_app

from .common import write_section

PG_BASE = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCHEMA = "bench_pages"
BIG = "storby"
REPEAT = int(os.environ.get("PAGES_REPEAT", "5"))
COORDINATOR_PAGES = (
    "/coordinator", "/volunteers/", "/volunteers/?stage=interested", "/matches/",
    "/matches/?status=late", "/matches/?status=attention", "/matches/?page=3", "/proposals/",
    "/proposals/?status=open", "/citizens/", "/reports/", "/hotline/",
)


def build(kind: str, tmp: Path) -> str:
    """Make an empty, migrated database of ``kind``, fill it with the network; return its URL."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'pages.db'}"
    else:
        engine = sa.create_engine(PG_BASE)
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
        engine.dispose()
        url = f"{PG_BASE}?options=-csearch_path%3D{SCHEMA}"
    migrate.upgrade(url)
    engine = sa.create_engine(url)
    started = time.perf_counter()
    with scoped_session(engine, ALL_TENANTS) as session:
        synthetic.generate(session, municipalities=50, volunteers=2000, citizens=5000,
                           big_municipality_slug=BIG)
        session.commit()
    # Planner statistics, as autovacuum gathers them on PostgreSQL soon after a bulk import, and
    # as `flask seed-large`, imports and the scheduler's daily job do on SQLite.
    if kind == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    refresh_statistics(engine)
    engine.dispose()
    print(f"  built the network on {kind} in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def login(app, email: str):
    """Return a test client logged in with the synthetic password."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": synthetic.SYNTHETIC_PASSWORD,
                                            "csrf_token": token})
    assert response.status_code == 302, f"login failed for {email}"
    return client


def citizen_client(app):
    """Return a client logged in as a citizen of the big municipality, through a login link."""
    from web.accounts.tokens import make_login_token

    engine = app.extensions["engine"]
    with app.test_request_context(), scoped_session(engine, ALL_TENANTS) as session:
        user = session.exec(select(User).where(User.email == f"ung1@{BIG}.example")).one()
        token = make_login_token(session, user, None)
        session.commit()
    client = app.test_client()
    client.get(f"/l/{token}")
    page = client.get(f"/l/{token}").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    client.post(f"/l/{token}", data={"csrf_token": match.group(1) if match else ""})
    return client


def volunteer_pages(app, email: str) -> list[str]:
    """The volunteer's home, their pair's meeting pages and the hotline."""
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
        match_id = session.exec(
            select(Match.id).join(Volunteer, Volunteer.id == Match.volunteer_id)
            .join(User, User.id == Volunteer.user_id)
            .where(User.email == email, Match.status.in_(MatchStatus.LIVE))
        ).first()
    pages = ["/volunteer", "/hotline/"]
    if match_id:
        pages += [f"/meetings/match/{match_id}", f"/meetings/new/{match_id}"]
    return pages


def measure(app, client, path: str) -> dict:
    """Time one page: one warm-up, then the median of REPEAT loads; size and statement count."""
    count = [0]

    def _count(*_args):
        """Count one SQL statement."""
        count[0] += 1

    engine = app.extensions["engine"]
    response = client.get(path)
    times = []
    for _ in range(REPEAT):
        count[0] = 0
        sa.event.listen(engine, "before_cursor_execute", _count)
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        sa.event.remove(engine, "before_cursor_execute", _count)
    return {"status": response.status_code, "ms": round(statistics.median(times), 1),
            "kb": round(len(response.data) / 1024, 1), "queries": count[0]}


def bench(url: str, tmp: Path) -> dict:
    """Measure every page of the three roles on one database."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "pages-bench", "RATELIMIT_ENABLED": False,
                      "INSTANCE_PATH": str(tmp / "instance"), "PHOTO_DIR": str(tmp / "photos")})
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
        big = session.exec(select(Municipality).where(Municipality.slug == BIG)).one()
        assert session.exec(select(User).where(User.municipality_id == big.id,
                                               User.role == Role.COORDINATOR)).first()
    figures = {}
    coordinator = login(app, f"koordinator1@{BIG}.example")
    for path in COORDINATOR_PAGES:
        figures[path] = measure(app, coordinator, path)
    volunteer_email = f"frivillig1@{BIG}.example"
    volunteer = login(app, volunteer_email)
    for path in volunteer_pages(app, volunteer_email):
        figures[path] = measure(app, volunteer, path)
    figures["/citizen"] = measure(app, citizen_client(app), "/citizen")
    app.extensions["engine"].dispose()
    return figures


def report(kind: str, figures: dict) -> None:
    """Print one database's table."""
    print(f"{kind}:\n  {'page':34}{'status':>7}{'ms':>9}{'KB':>8}{'queries':>9}")
    for path, f in figures.items():
        print(f"  {path:34}{f['status']:>7}{f['ms']:>9}{f['kb']:>8}{f['queries']:>9}")


def main() -> None:
    """Measure on SQLite and PostgreSQL (or the given database) and write bench.json."""
    tmp = Path(tempfile.mkdtemp(prefix="pages-bench-"))
    given = os.environ.get("PAGES_BENCH_URL")
    kinds = os.environ.get("PAGES_BENCH_DBS", "sqlite,postgresql").split(",")
    if given:
        kinds = ["postgresql" if given.startswith("postgresql") else "sqlite"]
    results = {}
    for kind in kinds:
        url = given or build(kind, tmp)
        results[kind] = bench(url, tmp)
        report(kind, results[kind])
    results["repeat"] = REPEAT
    results["note"] = "in-process, one request at a time: median ms of the repeats after a warm-up"
    write_section("pages", results)


if __name__ == "__main__":
    main()
