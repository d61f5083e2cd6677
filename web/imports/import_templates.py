"""The import templates coordinators download (.xlsx and CSV), and what each column takes."""
import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models.code_words import (
    AVAILABILITY_WORDS, CITIZEN_STATUS_WORDS, END_REASON_WORDS, FINISHED_REASON_WORDS,
    GENDER_WORDS, STAGE_WORDS,
)

from .csv_io import COLUMNS, OPTIONAL

# Coded columns: the codes, and the Danish words an import takes for each.
CODED = {"gender": GENDER_WORDS, "preferred_gender": GENDER_WORDS,
         "availability": AVAILABILITY_WORDS, "status": STAGE_WORDS, "end_reason": END_REASON_WORDS,
         "citizen_status": CITIZEN_STATUS_WORDS, "finished_reason": FINISHED_REASON_WORDS}
HINTS = {
    "external_id": _l("Your own id for the person: letters, digits, dashes; never a CPR number"),
    "citizen_id": _l("The young person's external_id"),
    "shown_volunteer_ids": _l("The role models' external_id, separated by semicolons"),
    "chosen_volunteer_id": _l("The external_id of the role model chosen; empty if none"),
    "name": _l("Full name"),
    "birth_year": _l("Four digits, e.g. 1965"),
    "town": _l("A Danish town, e.g. Store Heddinge"),
    "interests": _l("Separated by semicolons, e.g. fodbold;madlavning"),
    "leisure": _l("Clubs and activities, separated by semicolons"),
    "languages": _l("Separated by semicolons, e.g. dansk;engelsk"),
    "capacity": _l("How many young people at a time; empty means 1"),
    "max_distance_km": _l("Whole kilometres; may be empty"),
    "screened_on": _l("Date both certificates were checked OK, YYYY-MM-DD"),
    "trained_on": _l("Date of the second training day, YYYY-MM-DD"),
    "proposed_on": _l("YYYY-MM-DD"),
    "match_started_on": _l("YYYY-MM-DD; empty if no match started"),
    "match_ended_on": _l("YYYY-MM-DD; empty if the match goes on"),
    "meetings_logged": _l("How many meetings were logged"),
    "finished_on": _l("YYYY-MM-DD; the day the young person finished"),
}


def accepted(column: str) -> str | None:
    """What a coded column takes: its codes and their Danish words, or None."""
    words = CODED.get(column)
    if words is None:
        return None
    return "; ".join(f"{code} ({', '.join(names)})" for code, names in words.items())


def guide(kind: str) -> list[tuple[str, str]]:
    """Each column of a file with what to write in it."""
    rows = []
    for column in COLUMNS[kind] + OPTIONAL[kind]:
        taken = accepted(column)
        hint = _("One of: %(words)s", words=taken) if taken else str(HINTS.get(column, ""))
        if column == "availability":
            hint += " " + _("Several are separated by semicolons.")
        if column in OPTIONAL[kind]:
            hint += " " + _("This column may be left out.")
        rows.append((column, hint))
    return rows


def template_csv(kind: str) -> bytes:
    """The header row as Danish Excel opens it: semicolons, with a byte-order mark."""
    return ("\ufeff" + ";".join(COLUMNS[kind]) + "\r\n").encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """A workbook whose first sheet has the header row, and a second sheet with the guide."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.append(list(COLUMNS[kind]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("How to fill it in")[:31])
    notes.append([_("Column"), _("What to write")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for row in guide(kind):
        notes.append(list(row))
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
