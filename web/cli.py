"""The service's own ``flask`` commands that are not owned by a feature module."""
import subprocess
import sys

import click
from flask import current_app
from sqlmodel import select

from models import ALL_TENANTS, Municipality, scoped_session


def init_app(app) -> None:
    """Register the CLI commands."""
    app.cli.add_command(seed_command)
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
def seed_command():
    """Load the demo data (once; running it again keeps what is there)."""
    from seed import demo

    with cli_session() as session:
        created = demo.load_demo(session, photo_dir=current_app.config["PHOTO_DIR"])
        session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
    for line in demo.LOGIN_LINES:
        click.echo(line)


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
    try:
        current_app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        if scheduler is not None:
            scheduler.terminate()
            scheduler.wait(timeout=10)
