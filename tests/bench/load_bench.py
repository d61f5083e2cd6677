"""Load and scale: gunicorn + locust on the large synthetic network, on SQLite and PostgreSQL.

Run as ``python -m tests.bench.load_bench`` (``make bench`` runs it). Writes ``load`` into
bench.json: per database rps, p50/p95/p99 latency, errors and the coordinator home's query count;
then RSS of a web worker and of the scheduler, and a soak with the scheduler running.
"""
import csv
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from models import ALL_TENANTS, Municipality, Role, User, migrate, scoped_session
from seed import synthetic
from web import create_app

from .common import write_section

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BASE = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
USERS = int(os.environ.get("LOAD_USERS", "100"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
SETTLE = int(os.environ.get("LOAD_SETTLE", "10"))  # seconds between the last login and the figures
# Gunicorn workers. On this benchmark's 2 cores, shared with PostgreSQL and the load generator,
# 3 gave the lowest p95 (measured with 2, 3, 4 and 8: about 97, 77, 100-120 and 170 ms).
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
BIG = "storby"


def free_port() -> int:
    """Ask the OS for a free local port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database(kind: str, tmp: Path) -> str:
    """Create an empty database of ``kind`` and return its URL."""
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'load.db'}"
    engine = sa.create_engine(PG_BASE)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS bench_load CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA bench_load"))
    engine.dispose()
    return f"{PG_BASE}?options=-csearch_path%3Dbench_load"


def config(url: str, tmp: Path, mail_port: int) -> dict:
    """The settings shared by the benchmark's own app, gunicorn and the scheduler."""
    return {
        "DATABASE_URL": url, "SECRET_KEY": "load-bench", "RATELIMIT_ENABLED": False,
        "INSTANCE_PATH": str(tmp / "instance"), "PHOTO_DIR": str(tmp / "photos"),
        "MAIL_PORT": mail_port, "BASE_URL": "http://127.0.0.1",
    }


def environment(cfg: dict) -> dict:
    """Pass the settings to child processes as environment variables."""
    env = dict(os.environ, DATABASE_URL=cfg["DATABASE_URL"])
    for key, value in cfg.items():
        if key != "DATABASE_URL":
            env[f"ROLLEMODEL_{key}"] = json.dumps(value) if not isinstance(value, str) else value
    return env


def prepare(app, tmp: Path) -> dict:
    """Load the synthetic network and return the accounts the load generator uses."""
    from web.accounts.tokens import make_login_token

    engine = app.extensions["engine"]
    started = time.perf_counter()
    with scoped_session(engine, ALL_TENANTS) as session:
        counts = synthetic.generate(session, municipalities=50, volunteers=2000, citizens=5000,
                                    big_municipality_slug=BIG)
        session.commit()
    with engine.begin() as conn:
        # Fresh statistics after a bulk load, as autovacuum would gather them; without them
        # PostgreSQL picks plans that take seconds.
        conn.execute(sa.text("ANALYZE"))
    print(f"  synthetic data: {counts} in {time.perf_counter() - started:.0f} s", flush=True)
    with app.test_request_context(), scoped_session(engine, ALL_TENANTS) as session:
        big = session.exec(select(Municipality).where(Municipality.slug == BIG)).one()
        users = session.exec(select(User).where(User.municipality_id == big.id)).all()
        citizens = [u for u in users if u.role == Role.CITIZEN]
        links = [f"/l/{make_login_token(session, u, None)}" for u in citizens[:1000]]
        session.commit()
    return {
        "password": synthetic.SYNTHETIC_PASSWORD,
        "coordinator": [u.email for u in users if u.role == Role.COORDINATOR],
        "volunteer": [u.email for u in users if u.role == Role.VOLUNTEER],
        "citizen_links": links,
        "paths": page_mix(app),
    }


def page_mix(app) -> dict:
    """The pages each role opens, limited to those the app has."""
    wanted = {
        "coordinator": ["/coordinator", "/citizens/", "/volunteers/", "/matches/", "/reports/",
                        "/hotline/"],
        "volunteer": ["/volunteer", "/hotline/"],
        "citizen": ["/citizen"],
    }
    adapter = app.url_map.bind("localhost")
    return {role: [p for p in paths if adapter.test(p, method="GET")]
            for role, paths in wanted.items()}


def home_queries(app, email: str, password: str) -> int:
    """Count the SQL statements of one coordinator home page on this data."""
    import re

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    count = [0]

    def _count(*_args):
        """Count one statement."""
        count[0] += 1

    engine = app.extensions["engine"]
    sa.event.listen(engine, "before_cursor_execute", _count)
    try:
        assert client.get("/coordinator").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", _count)
    return count[0]


def wait_for(port: int, timeout: float = 60) -> None:
    """Wait until something listens on ``port``."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def start_web(env: dict, port: int) -> subprocess.Popen:
    """Start gunicorn with several workers, as in the scaled deployment, and warm it up."""
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", "wsgi:create_app()"], cwd=ROOT, env=env,
    )
    wait_for(port)
    # Workers accept connections while still booting; measure only once each one answers.
    fast, deadline = 0, time.time() + 120
    while fast < 4 * WORKERS and time.time() < deadline:
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=60) as response:
            response.read()
        fast = fast + 1 if time.perf_counter() - started < 0.5 else 0
    return proc


def start_scheduler(env: dict) -> subprocess.Popen:
    """Start the one scheduler process."""
    return subprocess.Popen([str(BIN / "flask"), "scheduler", "run"], cwd=ROOT, env=env)


PARTS = {"web": "gunicorn", "scheduler": "scheduler run"}


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the web workers, the scheduler, PostgreSQL and the finished
    child processes of this one (the load generator, once it has run)."""
    tick = os.sysconf("SC_CLK_TCK")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = dict.fromkeys([*PARTS, "postgresql"], 0.0)
    used["load generator"] = children.ru_utime + children.ru_stime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        part = next((p for p, marker in PARTS.items() if marker in cmdline), None)
        if part is None and cmdline.startswith("postgres"):
            part = "postgresql"
        if part:
            used[part] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


def run_locust(host: str, env: dict, accounts_file: Path, users: int, seconds: int,
               prefix: Path) -> dict:
    """Run locust headless and return the aggregated figures, with the share of the machine's
    cores each part used (the load generator shares them with the server it measures)."""
    env = dict(env, ROLLEMODEL_LOAD_ACCOUNTS=str(accounts_file),
               ROLLEMODEL_LOAD_SETTLE=str(SETTLE))
    before, started = cpu_seconds(), time.monotonic()
    rate = max(1, users // 10)
    # Users log in over users/rate seconds; the figures start SETTLE seconds after that
    # (locustfile) and then cover ``seconds``.
    total = seconds + users // rate + SETTLE
    subprocess.run(
        [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "-u", str(users), "-r", str(rate), "-t", f"{total}s", "--host", host,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, check=False,
    )
    wall, after = time.monotonic() - started, cpu_seconds()
    cores = {part: round((after[part] - before[part]) / wall, 2) for part in after}
    with open(f"{prefix}_stats.csv") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")

    def ms(key):
        """A percentile in ms (locust writes N/A when nothing was measured)."""
        return float(row[key]) if row[key] not in ("", "N/A") else None

    return {
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": ms("50%"), "p95_ms": ms("95%"), "p99_ms": ms("99%"),
        "errors": int(row["Failure Count"]), "requests": int(row["Request Count"]),
        "cores_used": cores,
    }


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def worker_pids(master: int) -> list[int]:
    """The gunicorn worker processes under ``master``."""
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def stop(proc: subprocess.Popen) -> None:
    """Stop a child process and wait for it."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def bench_database(kind: str, soak: bool) -> dict:
    """Prepare, serve and load one database; return its figures."""
    from .smtp_sink import SmtpSink

    tmp = Path(tempfile.mkdtemp(prefix=f"load-{kind}-"))
    sink = SmtpSink()
    sink.start()
    url = database(kind, tmp)
    migrate.upgrade(url)
    cfg = config(url, tmp, sink.port)
    app = create_app(cfg)
    accounts = prepare(app, tmp)
    figures = {"home_queries": home_queries(app, accounts["coordinator"][0],
                                            accounts["password"])}
    # One-time links are used up by the load run, so the soak gets links of its own.
    links = accounts.pop("citizen_links")
    accounts_file, soak_file = tmp / "accounts.json", tmp / "soak-accounts.json"
    accounts_file.write_text(json.dumps(dict(accounts, citizen_links=links[: len(links) // 2])))
    soak_file.write_text(json.dumps(dict(accounts, citizen_links=links[len(links) // 2:])))
    port = free_port()
    env = environment(dict(cfg, BASE_URL=f"http://127.0.0.1:{port}"))
    web = start_web(env, port)
    scheduler = start_scheduler(env)
    try:
        print(f"  load: {USERS} users for {SECONDS} s on {kind}", flush=True)
        figures.update(run_locust(f"http://127.0.0.1:{port}", env, accounts_file, USERS, SECONDS,
                                  tmp / "load"))
        figures["web_rss_mb"] = max(rss_mb(p) for p in worker_pids(web.pid))
        figures["scheduler_rss_mb"] = rss_mb(scheduler.pid)
        if soak:
            print(f"  soak: {SOAK_SECONDS} s with the scheduler running", flush=True)
            stats = run_locust(f"http://127.0.0.1:{port}", env, soak_file, USERS // 4,
                               SOAK_SECONDS, tmp / "soak")
            figures["soak_errors"] = stats["errors"]
            time.sleep(15)  # let the sender finish what the last sweep queued
            figures.update(sink.check(app))
    finally:
        stop(web)
        stop(scheduler)
        sink.stop()
        app.extensions["engine"].dispose()
    return figures


def main() -> None:
    """Run the load benchmark on both databases and write bench.json."""
    results = {}
    for kind in ("sqlite", "postgresql"):
        print(f"{kind}:", flush=True)
        results[kind] = bench_database(kind, soak=kind == "postgresql")
    pg = results["postgresql"]
    load = {kind: {k: results[kind][k] for k in
                   ("rps", "p50_ms", "p95_ms", "p99_ms", "errors", "home_queries", "requests",
                    "cores_used")}
            for kind in results}
    load.update({
        "web_rss_mb": pg["web_rss_mb"], "scheduler_rss_mb": pg["scheduler_rss_mb"],
        "soak_errors": pg.get("soak_errors"),
        "soak_duplicate_notifications": pg.get("soak_duplicate_notifications"),
        "soak_lost_notifications": pg.get("soak_lost_notifications"),
    })
    write_section("load", load)
    print(f"{'':12}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'home q':>8}")
    for kind in ("sqlite", "postgresql"):
        r = load[kind]
        print(f"{kind:12}{r['rps']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}"
              f"{r['errors']:>8}{r['home_queries']:>8}")
    for kind in ("sqlite", "postgresql"):
        print(f"{kind} cores used: {load[kind]['cores_used']}")
    print(json.dumps({k: v for k, v in load.items() if k not in ("sqlite", "postgresql")}))


if __name__ == "__main__":
    main()
