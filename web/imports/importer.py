"""Writing checked CSV rows into one municipality, and reading them back out for export.

Every function takes a session bound to one municipality and never commits: the
page or the CLI command commits once, so a file is imported all or nothing.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlmodel import select

from models import Citizen, Volunteer, VolunteerStep, lifecycle, utcnow

from . import csv_io, history, spreadsheets, states
from .csv_io import RowError

KEYS = {"volunteers": ("external_id",), "citizens": ("external_id",),
        "history": ("citizen_id", "proposed_on")}
VOLUNTEER_FIELDS = ("external_id", "name", "birth_year", "gender", "town", "occupation",
                    "work_history", "education", "interests", "leisure", "offers", "languages",
                    "availability", "capacity")
CITIZEN_FIELDS = csv_io.COLUMNS["citizens"]


@dataclass
class ImportResult:
    """What an import found and did."""

    kind: str
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    states: dict = field(default_factory=dict)  # young people of the file in each state after

    @property
    def ok(self) -> bool:
        """Tell whether every row was valid."""
        return not self.errors


def run_import(session, kind: str, data: bytes, *, actor_id=None, filename=None) -> ImportResult:
    """Check every row of a CSV or .xlsx file and, only if all are valid, write them all."""
    try:
        converted = spreadsheets.to_csv(data, filename)
    except csv_io.Invalid as err:
        return ImportResult(kind, errors=[RowError(0, None, str(err))])
    table = csv_io.read_table(converted.data, kind)
    result = ImportResult(kind, errors=table.errors, notes=converted.notes + table.notes)
    if result.errors:
        return result
    rows = []
    for number, raw in table.rows:
        values = csv_io.parse_cells(number, raw, csv_io.CHECKS[kind], result.errors)
        if kind == "history":
            csv_io.check_history_row(number, values, result.errors)
        if kind != "volunteers":
            states.check_row(number, values, result.errors)
        rows.append((number, values))
    _check_unique(kind, rows, result.errors)
    if kind == "history":
        states.check_agree(rows, result.errors, "citizen_id")
    if kind == "history":
        history.check_refs(session, rows, result.errors)
    if result.errors:
        result.errors.sort(key=lambda e: e.row)  # stable: a row's cells stay in column order
        return result
    tenant = session.info["tenant"]
    if kind == "volunteers":
        _apply_volunteers(session, tenant, rows, result, actor_id)
    elif kind == "citizens":
        _apply_citizens(session, tenant, rows, result, actor_id)
    else:
        history.apply_history(session, tenant, rows, result, actor_id)
        _history_states(session, rows, result, actor_id)
    if result.ok:
        session.flush()
    return result


def _check_unique(kind: str, rows, errors: list) -> None:
    """Refuse a file that names the same person (or proposal) in two rows."""
    seen = {}
    column = KEYS[kind][0]
    for number, values in rows:
        key = tuple(values.get(k) for k in KEYS[kind])
        if None in key:
            continue
        if key in seen:
            errors.append(RowError(number, column, _("%(id)s is already in row %(row)d",
                                                     id=key[0], row=seen[key])))
        seen.setdefault(key, number)


def assign(obj, values: dict) -> bool:
    """Set the attributes that differ; tell whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _apply_volunteers(session, tenant, rows, result, actor_id) -> None:
    """Create or update volunteers by external id, with status, screening and training."""
    existing = {v.external_id: v for v in session.exec(select(Volunteer)).all()}
    moved = []
    for _number, row in rows:
        values = {name: row[name] for name in VOLUNTEER_FIELDS}
        volunteer = existing.get(row["external_id"])
        if volunteer is None:
            volunteer = Volunteer(municipality_id=tenant, **values)
            session.add(volunteer)
            result.created += 1
            changed = True
        else:
            changed = assign(volunteer, values)
        changed |= _set_status(volunteer, row["status"], moved)
        changed |= _set_screening(volunteer, row["screened_on"], actor_id)
        changed |= _set_training(volunteer, row["trained_on"])
        if changed and volunteer.id is not None:
            result.updated += 1
        elif volunteer.id is not None:
            result.unchanged += 1
    session.flush()
    for volunteer in moved:
        session.add(VolunteerStep(municipality_id=tenant, volunteer_id=volunteer.id,
                                  stage=volunteer.status, by_id=actor_id, note="import"))


def _set_status(volunteer, status, moved: list) -> bool:
    """Move a volunteer to ``status``, remembering when (pipeline boards show how long)."""
    if volunteer.status == status and volunteer.id is not None:
        return False
    volunteer.status = status
    volunteer.status_changed_at = utcnow()
    moved.append(volunteer)
    return True


def _set_screening(volunteer, on, actor_id) -> bool:
    """Record both certificates as checked OK on ``on`` (an empty cell keeps what is known)."""
    if on is None or screened_on(volunteer) == on:
        return False
    for cert in ("child", "criminal"):
        setattr(volunteer, f"{cert}_cert_checked_on", on)
        setattr(volunteer, f"{cert}_cert_ok", True)
        setattr(volunteer, f"{cert}_cert_checked_by_id", actor_id)
    return True


def _set_training(volunteer, on) -> bool:
    """Record both training days as ``on`` (an empty cell keeps what is known)."""
    if on is None or trained_on(volunteer) == on:
        return False
    volunteer.training_day1_on = volunteer.training_day2_on = on
    return True


def screened_on(v):
    """The date screening was completed: both certificates checked OK, else None."""
    if v.child_cert_ok and v.criminal_cert_ok and v.child_cert_checked_on \
            and v.criminal_cert_checked_on:
        return max(v.child_cert_checked_on, v.criminal_cert_checked_on)
    return None


def trained_on(v):
    """The date training was completed: both days attended, else None."""
    if v.training_day1_on and v.training_day2_on:
        return max(v.training_day1_on, v.training_day2_on)
    return None


def _apply_citizens(session, tenant, rows, result, actor_id=None) -> None:
    """Create or update citizens by external id (the legal basis is recorded on the page),
    with the state the file gives them."""
    existing = {c.external_id: c for c in session.exec(select(Citizen)).all()}
    touched = []
    for _number, row in rows:
        values = {name: row[name] for name in CITIZEN_FIELDS}
        citizen = existing.get(row["external_id"])
        if citizen is None:
            citizen = Citizen(municipality_id=tenant, **values)
            session.add(citizen)
            result.created += 1
            touched.append((citizen, row, None))
        else:
            touched.append((citizen, row, assign(citizen, values)))
    session.flush()
    for citizen, row, changed in touched:
        if row.get("citizen_status"):
            changed = states.apply_given(session, citizen, row, actor_id) or changed
        if changed is not None:
            result.updated += changed
            result.unchanged += not changed
    result.states = states.summary(session, [c.id for c, _r, _x in touched])


def _history_states(session, rows, result, actor_id) -> None:
    """Set the states of the history's young people: as the file says, or from the data."""
    named = {v["citizen_id"] for _n, v in rows}
    ids = {c.external_id: c for c in session.exec(select(Citizen)).all() if c.external_id in named}
    given = states.explicit(rows, "citizen_id")
    for external_id, values in given.items():
        states.apply_given(session, ids[external_id], values, actor_id)
    states.derive(session, [c.id for ext, c in ids.items() if ext not in given], actor_id)
    result.states = states.summary(session, [c.id for c in ids.values()])


def export_rows(session, kind: str) -> list[dict]:
    """Read one municipality's rows in the import format, ready for ``csv_io.write_table``."""
    if kind == "history":
        return history.export_history(session)
    if kind == "citizens":
        people = session.exec(select(Citizen).order_by(Citizen.external_id)).all()
        now = lifecycle.states_of(session, [p.id for p in people])
        return [{**{c: getattr(p, c) for c in CITIZEN_FIELDS},
                 **states.export_values(p, now[p.id])} for p in people]
    rows = []
    for v in session.exec(select(Volunteer).order_by(Volunteer.external_id)):
        row = {c: getattr(v, c) for c in VOLUNTEER_FIELDS}
        row.update(status=v.status, screened_on=screened_on(v), trained_on=trained_on(v))
        rows.append(row)
    return rows

