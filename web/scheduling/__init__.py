"""The scheduler: sweeps that queue reminders, and the sender that delivers them.

``flask scheduler run`` starts it in its own process; ``sweep`` and ``send`` do one
round by hand. The rules are plain functions of a session and a clock (``rules``),
so tests, commands and the scheduler call the same code.
"""
import logging
import os

import click
from flask import Blueprint, current_app

bp = Blueprint("scheduling", __name__, cli_group="scheduler")


@bp.cli.command("run")
def run_command():
    """Run the scheduler until stopped (one per database; a second one waits)."""
    from . import runner

    # Background work yields the CPU to pages: a batch of reminders never slows them down.
    os.nice(current_app.config["SCHEDULER_NICE"])

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s scheduler %(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    runner.run(current_app._get_current_object())


@bp.cli.command("sweep")
def sweep_command():
    """Queue everything that is due now, once."""
    from . import runner

    stats = runner.run_sweep(current_app._get_current_object())
    click.echo(f"Queued {stats['queued']} messages.")


@bp.cli.command("send")
def send_command():
    """Deliver the messages that are due now, once."""
    from . import runner
    from .sender import Sender

    app = current_app._get_current_object()
    # The scheduler's own lock: beside a running scheduler this sends nothing (on SQLite there
    # are no row locks, so two senders at once could deliver a message twice).
    lock = runner.scheduler_lock(app.extensions["engine"])
    if not lock.try_acquire():
        click.echo("The scheduler is running and sends the messages itself; nothing was sent.")
        raise SystemExit(1)
    try:
        stats = runner.run_send(app, Sender(app.config))
    finally:
        lock.release()
    click.echo(f"Sent {stats['sent']}, failed {stats['failed']}, to retry {stats['retry']}.")
