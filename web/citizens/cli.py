"""``flask citizens states|finish|reopen``: where the young people stand, from the command line."""
import click
from flask import Blueprint
from sqlmodel import select

from models import Citizen, set_tenant, today
from models import lifecycle

from ..core.cli import cli_session, municipality_by_slug

bp = Blueprint("citizens_cli", __name__, cli_group="citizens")
slug_option = click.option("--municipality", "slug", required=True, help="The municipality's slug.")


@bp.cli.command("states")
@slug_option
def states_command(slug):
    """Print how many young people are in each state (as every page counts them)."""
    with cli_session() as session:
        set_tenant(session, municipality_by_slug(session, slug).id)
        counts = lifecycle.state_counts(session)
    for state in lifecycle.STATES:
        click.echo(f"{state:10} {counts[state]}")


def _citizen(session, slug: str, external_id: str) -> Citizen:
    """Bind the session to the municipality and find one young person by external id."""
    set_tenant(session, municipality_by_slug(session, slug).id)
    citizen = session.exec(select(Citizen).where(Citizen.external_id == external_id)).first()
    if citizen is None:
        raise click.BadParameter(f"no young person {external_id!r}", param_hint="EXTERNAL_ID")
    return citizen


@bp.cli.command("finish")
@slug_option
@click.argument("external_id")
@click.option("--reason", required=True, type=click.Choice(lifecycle.FINISHED_REASONS))
def finish_command(slug, external_id, reason):
    """Record that a young person has finished (not while they have a live match)."""
    with cli_session() as session:
        citizen = _citizen(session, slug, external_id)
        if not lifecycle.finish(session, citizen, reason=reason, on=today(), by_id=None):
            raise click.ClickException(f"{external_id} has a live match; end it first")
        session.commit()
    click.echo(f"{external_id} is finished ({reason}).")


@bp.cli.command("reopen")
@slug_option
@click.argument("external_id")
def reopen_command(slug, external_id):
    """Put a finished young person back on the waiting list."""
    with cli_session() as session:
        citizen = _citizen(session, slug, external_id)
        if not lifecycle.reopen(session, citizen, on=today()):
            raise click.ClickException(f"{external_id} is not finished")
        session.commit()
    click.echo(f"{external_id} is back on the waiting list.")
