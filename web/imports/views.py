"""Bulk import and export of volunteers, citizens and history: a coordinator page and CLI."""
import sys

import click
from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlmodel import select
from wtforms import RadioField, SubmitField
from wtforms.validators import ValidationError

from models import ALL_TENANTS, Municipality, Role, refresh_statistics, scoped_session

from ..core.db import get_session
from ..core.labels import CITIZEN_STATES
from ..privacy.access import role_required
from . import csv_io, import_templates, importer

bp = Blueprint("imports", __name__, template_folder="templates",
               url_prefix="/imports", cli_group=None)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_LABELS = {
    "volunteers": _l("Role models (volunteers.csv)"),
    "citizens": _l("Young people (citizens.csv)"),
    "history": _l("History of proposals and matches (history.csv)"),
}


class ImportForm(FlaskForm):
    """A CSV or .xlsx file, its kind, and whether to save or only check it."""

    kind = RadioField(_l("What is in the file?"), choices=list(KIND_LABELS.items()),
                      default="volunteers", validate_choice=False)
    file = FileField(_l("Excel or CSV file"), validators=[FileRequired(_l("Choose a file."))])
    check = SubmitField(_l("Check the file"))
    save = SubmitField(_l("Import"))

    def validate_kind(self, field):
        """Refuse a kind that is not one of the three files."""
        if field.data not in KIND_LABELS:
            raise ValidationError(_("Choose what is in the file."))


def _page(form, result=None, saved=False, status=200):
    """Render the import page, with a result when a file was checked."""
    return render_template("imports/index.html", form=form, result=result, saved=saved,
                           columns=csv_io.COLUMNS, kinds=KIND_LABELS,
                           guide=import_templates.guide), status


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def index():
    """Upload a CSV or .xlsx file: check it, or import it all or nothing."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.is_submitted() else 200)
    db = get_session()
    result = importer.run_import(db, form.kind.data, form.file.data.read(),
                                 actor_id=current_user.id, filename=form.file.data.filename)
    if result.ok and form.save.data:
        db.commit()
        refresh_statistics(db.get_bind())  # many new rows: fresh statistics for SQLite's planner
        return _page(ImportForm(formdata=None), result, saved=True)
    db.rollback()  # a check, or a file with errors: nothing is kept
    return _page(form, result, status=200 if result.ok else 400)


@bp.route("/template/<kind>.<fmt>")
@role_required(Role.COORDINATOR)
def template(kind, fmt):
    """Download an empty file with the right columns, as .xlsx or CSV."""
    if kind not in csv_io.KINDS or fmt not in ("xlsx", "csv"):
        abort(404)
    if fmt == "csv":
        return Response(import_templates.template_csv(kind), mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename={kind}.csv"})
    return Response(import_templates.template_xlsx(kind), mimetype=XLSX, headers={
        "Content-Disposition": f"attachment; filename={kind}.xlsx"})


@bp.route("/export/<kind>.csv")
@role_required(Role.COORDINATOR)
def export(kind):
    """Download the municipality's data in the import format."""
    if kind not in csv_io.KINDS:
        abort(404)
    text = csv_io.write_table(kind, importer.export_rows(get_session(), kind))
    # The byte-order mark makes Excel read æ, ø and å correctly; the import accepts it.
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={kind}.csv"})


def _municipality_session(slug: str):
    """Open a session bound to the municipality named by ``slug`` (or stop the command)."""
    engine = current_app.extensions["engine"]
    with scoped_session(engine, ALL_TENANTS) as lookup:
        found = lookup.exec(select(Municipality).where(Municipality.slug == slug)).first()
    if found is None:
        raise click.BadParameter(f"no municipality with slug {slug!r}",
                                 param_hint="--municipality")
    return scoped_session(engine, found.id)


@bp.cli.command("import")
@click.argument("kind", type=click.Choice(csv_io.KINDS))
@click.argument("file", type=click.File("rb"))
@click.option("--municipality", "slug", required=True, help="The municipality's short name.")
@click.option("--check", is_flag=True, help="Only check the file; save nothing.")
def import_command(kind, file, slug, check):
    """Import a CSV or .xlsx file all or nothing; exit status 1 and the errors if any row is
    invalid."""
    with force_locale("da"), _municipality_session(slug) as session:
        result = importer.run_import(session, kind, file.read(), filename=file.name)
        for note in result.notes:
            click.echo(note)
        if not result.ok:
            session.rollback()
            for error in result.errors:
                click.echo(str(error), err=True)
            click.echo(_("Nothing was imported."), err=True)
            sys.exit(1)
        if check:
            session.rollback()
        else:
            session.commit()
            refresh_statistics(session.get_bind())
        click.echo(_("%(created)d new, %(updated)d updated, %(unchanged)d unchanged.",
                     created=result.created, updated=result.updated,
                     unchanged=result.unchanged)
                   + ("" if not check else " " + _("(Only checked; nothing saved.)")))
        if result.states:
            click.echo(_("The file's young people now: %(states)s.", states=", ".join(
                f"{CITIZEN_STATES[s]}: {n}" for s, n in result.states.items())))


@bp.cli.command("export")
@click.argument("kind", type=click.Choice(csv_io.KINDS))
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--municipality", "slug", required=True, help="The municipality's short name.")
def export_command(kind, file, slug):
    """Write a municipality's data as CSV in the import format (to FILE or standard output)."""
    with _municipality_session(slug) as session:
        file.write(csv_io.write_table(kind, importer.export_rows(session, kind)))
