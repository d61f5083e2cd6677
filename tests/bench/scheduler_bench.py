"""How fast one sweep finds what is due: 100,000 active pairs and 10,000 role models.

Run as ``python -m tests.bench.scheduler_bench`` (``make bench`` runs it). Bulk-inserts a
network into a fresh SQLite file, then times one full sweep (find what is due and queue
it) and counts its queries; the same count on a 1,000-pair network shows that the number
of queries does not grow with the number of pairs. Writes ``scheduler`` into bench.json.
"""
import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from models import (
    ALL_TENANTS, Citizen, Event, EventInvite, EventKind, Match, Meeting, Municipality, Role,
    Stage, User, Volunteer, migrate, scoped_session, today, utcnow,
)
from web import create_app
from web.scheduling import rules

from .common import write_section

CHUNK = 10_000
TOWNS = 10


def _template(obj) -> dict:
    """Return a row dict with every column's default, from a model instance."""
    return {c.name: getattr(obj, c.name) for c in type(obj).__table__.columns if c.name != "id"}


def _insert(conn, model, rows: list[dict]) -> None:
    """Bulk-insert rows in chunks."""
    for i in range(0, len(rows), CHUNK):
        conn.execute(sa.insert(model.__table__), rows[i:i + CHUNK])


def build(engine, pairs: int, volunteers: int, seed: int = 7) -> None:
    """Insert municipalities, role models with logins, young people, matches and meetings."""
    rnd = random.Random(seed)
    on = today()
    user_t = _template(User(role=Role.VOLUNTEER, name="x"))
    vol_t = _template(Volunteer(external_id="x", name="x", status=Stage.ACTIVE, municipality_id=1))
    cit_t = _template(Citizen(external_id="x", name="x", municipality_id=1))
    match_t = _template(Match(citizen_id=1, volunteer_id=1, started_on=on, municipality_id=1))
    meet_t = _template(Meeting(match_id=1, volunteer_id=1, held_on=on, municipality_id=1))
    with engine.begin() as conn:
        _insert(conn, Municipality, [_template(Municipality(slug=f"k{t}", name=f"K{t}"))
                                     | {"slug": f"k{t}"} for t in range(TOWNS)])
        _insert(conn, User, [user_t | {"municipality_id": t + 1, "role": Role.COORDINATOR,
                                       "email": f"c{t}@bench.example"} for t in range(TOWNS)])
        _insert(conn, User, [user_t | {"municipality_id": v % TOWNS + 1,
                                       "email": f"v{v}@bench.example"} for v in range(volunteers)])
        _insert(conn, Volunteer, [vol_t | {"municipality_id": v % TOWNS + 1, "user_id": TOWNS + v + 1,
                                           "external_id": f"V{v}"} for v in range(volunteers)])
        _insert(conn, Citizen, [cit_t | {"municipality_id": c % TOWNS + 1, "external_id": f"C{c}"}
                                for c in range(pairs)])
        # Pair p: citizen p with volunteer p % volunteers (same municipality by construction).
        _insert(conn, Match, [match_t | {
            "municipality_id": p % TOWNS + 1, "citizen_id": p + 1,
            "volunteer_id": p % volunteers + 1, "started_on": on - timedelta(days=rnd.randint(20, 400)),
        } for p in range(pairs)])
        meetings = []
        for p in range(pairs):
            # Most pairs are on track; about one in ten is late and a few are at risk.
            roll = rnd.random()
            last = rnd.randint(0, 11) if roll < 0.85 else rnd.randint(12, 27) if roll < 0.97 \
                else rnd.randint(28, 60)
            for back in (last, last + 14):
                meetings.append(meet_t | {"municipality_id": p % TOWNS + 1, "match_id": p + 1,
                                          "volunteer_id": p % volunteers + 1,
                                          "held_on": on - timedelta(days=back)})
        _insert(conn, Meeting, meetings)
        soon = utcnow() + timedelta(days=6)
        _insert(conn, Event, [_template(Event(kind=EventKind.LEARNING, title="Læringsmøde",
                                              starts_at=soon, municipality_id=t + 1))
                              for t in range(TOWNS)])
        _insert(conn, EventInvite, [{"municipality_id": v % TOWNS + 1, "event_id": v % TOWNS + 1,
                                     "volunteer_id": v + 1} for v in range(volunteers)])


def measure(pairs: int, volunteers: int) -> dict:
    """Build a network of the given size and time one sweep over it."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url,
                          "INSTANCE_PATH": str(Path(tmp) / "instance")})
        engine = app.extensions["engine"]
        started = time.perf_counter()
        build(engine, pairs, volunteers)
        built = time.perf_counter() - started
        queries = []
        sa.event.listen(engine, "before_cursor_execute", lambda *a: queries.append(1))
        with app.app_context(), scoped_session(engine, ALL_TENANTS) as session:
            now = utcnow()
            t0, c0 = time.perf_counter(), time.process_time()
            known = rules.known_keys(session, now)
            due = rules.due_cadence(session, now) + rules.due_events(session, now, known)[0]
            found, found_cpu = time.perf_counter() - t0, time.process_time() - c0
            find_queries = len(queries)
            session.rollback()
            queries.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            stats = rules.sweep(session, now)
            session.commit()
            swept, swept_cpu = time.perf_counter() - t0, time.process_time() - c0
            sweep_queries = len(queries)
            t0 = time.perf_counter()
            again = rules.sweep(session, now)
            session.commit()
            second = time.perf_counter() - t0
        engine.dispose()
    return {"pairs": pairs, "volunteers": volunteers, "build_seconds": round(built, 2),
            "find_seconds": round(found, 3), "find_cpu_seconds": round(found_cpu, 3),
            "find_queries": find_queries, "due": len(due),
            "sweep_seconds": round(swept, 3), "sweep_cpu_seconds": round(swept_cpu, 3),
            "sweep_queries": sweep_queries,
            "queued": stats["queued"], "second_sweep_seconds": round(second, 3),
            "second_sweep_queued": again["queued"]}


def main() -> None:
    """Measure a small and a large network and write the figures."""
    small = measure(1_000, 100)
    large = measure(100_000, 10_000)
    figures = {
        "sweep_seconds_100k": large["sweep_seconds"],
        "sweep_queries": large["sweep_queries"],
        "sweep_queries_1k": small["sweep_queries"],
        "sweep_cpu_seconds_100k": large["sweep_cpu_seconds"],
        "find_seconds_100k": large["find_seconds"],
        "find_cpu_seconds_100k": large["find_cpu_seconds"],
        "load_average": os.getloadavg()[0],  # wall-clock figures suffer on a busy machine
        "database": "sqlite",
        "large": large,
        "small": small,
    }
    write_section("scheduler", figures)
    print(figures)


if __name__ == "__main__":
    main()
