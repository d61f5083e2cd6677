"""The service's own ``flask`` commands that are not owned by a feature module."""
import signal
import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select
from werkzeug.serving import run_simple

from models import ALL_TENANTS, Municipality, refresh_statistics, scoped_session


def init_app(app) -> None:
    """Register the CLI commands."""
    app.cli.add_command(seed_command)
    app.cli.add_command(seed_large_command)
    app.cli.add_command(serve_command)


def cli_session():
    """Open a database session for a CLI command (all municipalities)."""
    return scoped_session(current_app.extensions["engine"], ALL_TENANTS)


def municipality_by_slug(session, slug: str) -> Municipality:
    """Find a municipality by slug or stop the command with a clear message."""
    found = session.exec(select(Municipality).where(Municipality.slug == slug)).first()
    if found is None:
        raise click.BadParameter(f"no municipality with slug {slug!r}", param_hint="--municipality")
    return found


@click.command("seed")
@with_appcontext
def seed_command():
    """Load the demo data (once; running it again keeps what is there)."""
    from seed import demo

    with cli_session() as session:
        created = demo.load_demo(session, photo_dir=current_app.config["PHOTO_DIR"])
        session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
    for line in demo.LOGIN_LINES:
        click.echo(line)


@click.command("seed-large")
@click.option("--municipalities", default=50, show_default=True, help="Municipalities in all.")
@click.option("--volunteers", default=2000, show_default=True, help="Volunteers in the big one.")
@click.option("--citizens", default=5000, show_default=True, help="Citizens in the big one.")
@click.option("--pairs", type=int, help="Active pairs in the big one (default: half the volunteers).")
@click.option("--meetings-per-pair", default=4, show_default=True)
@click.option("--slug", default="storby", show_default=True, help="Slug of the big municipality.")
@click.option("--seed", "seed_", default=0, show_default=True, help="Random seed.")
@with_appcontext
def seed_large_command(municipalities, volunteers, citizens, pairs, meetings_per_pair, slug, seed_):
    """Bulk-load a large synthetic data set for benchmarks and print what it made."""
    from seed import synthetic

    started = time.perf_counter()
    with cli_session() as session:
        try:
            counts = synthetic.generate(
                session, municipalities=municipalities, volunteers=volunteers, citizens=citizens,
                big_municipality_slug=slug, pairs=pairs, meetings_per_pair=meetings_per_pair,
                seed=seed_,
            )
        except ValueError as err:
            raise click.ClickException(str(err)) from None
        session.commit()
        refresh_statistics(session.get_bind())  # as after any bulk load
    for name, count in counts.items():
        click.echo(f"{name:>18}: {count}")
    click.echo(f"Done in {time.perf_counter() - started:.1f} s. Logins (password "
               f"{synthetic.SYNTHETIC_PASSWORD}): koordinator1@{slug}.example, "
               f"frivillig1@{slug}.example, ... (see seed/synthetic.py)")


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve_command(host, port):
    """Serve the app with its scheduler beside it (the embedded mode of `make run`)."""
    from seed import demo

    scheduler = None
    if "scheduler" in current_app.cli.commands:
        # Its own process, never inside the web server (see DESIGN: Scheduling).
        scheduler = subprocess.Popen([sys.executable, "-m", "flask", "scheduler", "run"])
    click.echo(f"Rollemodel runs on http://{host}:{port}")
    for line in demo.LOGIN_LINES:
        click.echo(line)
    # A plain `kill` must stop the scheduler child too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        # Not app.run(): Flask ignores that call inside a `flask` command.
        run_simple(host, port, current_app._get_current_object(), threaded=True, use_reloader=False)
    finally:
        if scheduler is not None:
            scheduler.terminate()
            scheduler.wait(timeout=10)
