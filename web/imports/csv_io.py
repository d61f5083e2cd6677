"""Reading and writing the bulk-import CSV files: decoding, columns and per-cell checks.

Pure code (no database): the import page, the CLI and the tests share it. Row
numbers are spreadsheet rows: the header is row 1, the first person row 2.
"""
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from models import AVAILABILITY, END_REASONS, GENDERS, Stage, lifecycle, today
from models.code_words import (
    AVAILABILITY_WORDS, CITIZEN_STATUS_WORDS, END_REASON_WORDS, FINISHED_REASON_WORDS,
    GENDER_WORDS, STAGE_WORDS, YES_NO_WORDS, normal, word_index,
)
from models.people import YOUNG_AGES
from models.towns import nearest_towns, town_coordinates

from ..core import csv_safe

BIRTH_YEARS = (1930, 2010)
MAX_ROWS = 20_000
MAX_COLUMNS = 200  # far more than any format has; a wider header is refused unread
MAX_FIELD = 5_000  # any cell longer than this is refused before we look at it
MAX_ITEMS, MAX_ITEM_LEN = 20, 60

COLUMNS = {
    "volunteers": (
        "external_id", "name", "birth_year", "gender", "town", "occupation", "work_history",
        "education", "interests", "leisure", "offers", "languages", "availability", "capacity",
        "status", "screened_on", "trained_on",
    ),
    "citizens": (
        "external_id", "name", "birth_year", "gender", "town", "interests", "wishes",
        "preferred_gender", "max_distance_km", "languages", "availability",
    ),
    "history": (
        "citizen_id", "shown_volunteer_ids", "chosen_volunteer_id", "proposed_on",
        "match_started_on", "match_ended_on", "end_reason", "meetings_logged",
    ),
}
# Columns a file may have, and an export always writes: the young person's state.
STATE_COLUMNS = ("citizen_status", "finished_reason", "finished_on")
OPTIONAL = {"volunteers": (), "citizens": STATE_COLUMNS, "history": STATE_COLUMNS}
KINDS = tuple(COLUMNS)


def all_columns(kind: str) -> tuple:
    """Every column a file of ``kind`` may have, the required ones first."""
    return COLUMNS[kind] + OPTIONAL[kind]


class Invalid(ValueError):
    """A cell's value was refused; the message says why in plain words."""


@dataclass
class RowError:
    """One problem, located by spreadsheet row and column (row 0: the file itself)."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        """Say where and what, e.g. 'Række 4, kolonne birth_year: ...'."""
        if not self.row:
            return _("The file: %(message)s", message=self.message)
        if not self.column:
            return _("Row %(row)d: %(message)s", row=self.row, message=self.message)
        return _("Row %(row)d, column %(column)s: %(message)s",
                 row=self.row, column=self.column, message=self.message)


@dataclass
class Table:
    """A decoded file: its rows as ``(row number, {column: text})`` and any problems."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without Excel's byte-order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(_("The file is not UTF-8. In Excel, save it as \"CSV UTF-8\".")) from None


def _delimiter(header_line: str) -> str:
    """Guess the separator from the header: comma, or semicolon as Danish Excel writes."""
    for sep in (",", ";", "\t"):
        if sep in header_line:
            return sep
    return ","


def read_table(data: bytes, kind: str) -> Table:
    """Decode a CSV file of ``kind`` into rows, checking the header and the shape of rows."""
    table = Table()
    try:
        text = _decode(data)
        if "\x00" in text:
            raise Invalid(_("The file contains invalid characters. Is it really a CSV file?"))
        if not text.strip():
            raise Invalid(_("The file is empty."))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(
            text.lstrip().splitlines()[0]))
        first = next(reader)
        if len(first) > MAX_COLUMNS:
            raise Invalid(_("The file has more than %(n)d columns.", n=MAX_COLUMNS))
        header = [h.strip().lower() for h in first]
        _check_header(header, kind, table)
        if table.errors:
            return table
        for number, cells in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise Invalid(_("The file has more than %(n)d rows.", n=MAX_ROWS))
            _add_row(table, header, kind, number, cells)
    except Invalid as err:
        table.errors.append(RowError(0, None, str(err)))
    except csv.Error as err:
        table.errors.append(RowError(0, None, _("The file could not be read as CSV (%(why)s).",
                                                why=str(err))))
    if not table.rows and not table.errors:
        table.errors.append(RowError(0, None, _("The file has a header but no rows.")))
    return table


def _check_header(header: list, kind: str, table: Table) -> None:
    """Require every column of the format once; extra columns are ignored with a note."""
    wanted = COLUMNS[kind]
    missing = [c for c in wanted if c not in header]
    if missing:
        table.errors.append(RowError(1, None, _("missing columns: %(cols)s",
                                                cols=", ".join(missing))))
    seen = Counter(c for c in header if c)  # one pass: a header of any width costs little
    doubled = sorted(c for c, n in seen.items() if n > 1)
    if doubled:
        table.errors.append(RowError(1, None, _("columns named twice: %(cols)s",
                                                cols=", ".join(doubled))))
    extra = [c for c in header if c and c not in all_columns(kind)]
    if extra:
        table.notes.append(_("These columns were ignored: %(cols)s", cols=", ".join(extra)))


def _add_row(table: Table, header: list, kind: str, number: int, cells: list) -> None:
    """Add one row as a dict of its known columns, or an error about its shape."""
    if not any(c.strip() for c in cells):
        return  # blank lines (often at the end of a sheet) carry nothing
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        table.errors.append(RowError(number, None, _("the row has more values than the header")))
        return
    raw = {}
    known = all_columns(kind)
    for name, value in zip(header, cells):
        if name in known:
            if len(value) > MAX_FIELD:
                table.errors.append(RowError(number, name, _("the value is far too long")))
                return
            raw[name] = csv_safe.restore(value.strip())  # as the export wrote it
    table.rows.append((number, {c: raw.get(c, "") for c in known}))


# ---- cell checks: each takes the text and returns the value or raises Invalid ----

def text(value: str, *, max_len: int, required: bool = False) -> str:
    """Plain text up to ``max_len`` characters."""
    if required and not value:
        raise Invalid(_("must be filled in"))
    if len(value) > max_len:
        raise Invalid(_("may be at most %(n)d characters", n=max_len))
    return value


def ident(value: str) -> str:
    """An external id: letters, digits, dashes, dots and underscores."""
    if not value:
        raise Invalid(_("must be filled in"))
    if len(value) > 60 or not re.fullmatch(r"[\w.\-]+", value):
        raise Invalid(_("must be at most 60 letters, digits, dashes or dots, without spaces"))
    return value


def integer(value: str, *, low: int, high: int, required: bool = False, what=None):
    """A whole number between ``low`` and ``high``, or None when empty and allowed."""
    if not value:
        if required:
            raise Invalid(_("must be filled in"))
        return None
    if not re.fullmatch(r"[+-]?\d{1,9}", value) or not low <= int(value) <= high:
        raise Invalid(what or _("must be a whole number between %(lo)d and %(hi)d",
                                lo=low, hi=high))
    return int(value)


def birth_year(value: str, *, required: bool) -> int | None:
    """A plausible year of birth."""
    lo, hi = BIRTH_YEARS
    return integer(value, low=lo, high=hi, required=required,
                   what=_("must be a year between %(lo)d and %(hi)d", lo=lo, hi=hi))


def young_birth_year(value: str, *, required: bool) -> int | None:
    """A year of birth that makes the young person one of the programme's ages this year."""
    lo, hi = YOUNG_AGES
    year = integer(value, low=1000, high=9999, required=required,
                   what=_("must be a year, like 2004"))
    if year is not None and not lo <= today().year - year <= hi:
        raise Invalid(_("%(year)d would make the young person %(age)d years old; the programme "
                        "is for young people from %(lo)d to %(hi)d (born %(first)d to %(last)d)",
                        year=year, age=today().year - year, lo=lo, hi=hi,
                        first=today().year - hi, last=today().year - lo))
    return year


_INDEXES: dict[int, dict] = {}


def _coded(value: str, words) -> str:
    """The code a Danish word stands for (the value itself when it is no known word)."""
    if not words:
        return value
    index = _INDEXES.get(id(words))
    if index is None:
        index = _INDEXES[id(words)] = word_index(words)
    return index.get(normal(value), value)


def _accepted(options, words) -> str:
    """The codes, and the Danish words, a cell accepts, for an error message."""
    if not words:
        return ", ".join(options)
    return _("%(codes)s, or in Danish: %(words)s", codes=", ".join(options),
             words=", ".join(w for code in options for w in words.get(code, ())))


def choice(value: str, options, *, required: bool = False, words=None) -> str | None:
    """One of ``options`` or one of their Danish ``words`` (case-insensitive), or None when
    empty and allowed."""
    value = _coded(value.lower(), words)
    if not value and not required:
        return None
    if value not in options:
        raise Invalid(_("must be one of: %(options)s", options=_accepted(options, words)))
    return value


def gender(value: str) -> str | None:
    """f, m, x (kvinde, mand, andet) or empty."""
    return choice(value, GENDERS, words=GENDER_WORDS)


def yes_no(value: str, *, required: bool = False) -> bool | None:
    """ja or nej (or yes/no, 1/0), None when empty and allowed."""
    if not value.strip():
        if required:
            raise Invalid(_("must be filled in"))
        return None
    found = word_index(YES_NO_WORDS).get(normal(value))
    if found is None:
        raise Invalid(_("must be ja or nej"))
    return found


def town(value: str, *, required: bool = True) -> str:
    """A Danish town the distance calculation knows."""
    if not value:
        if required:
            raise Invalid(_("must be filled in"))
        return ""
    if len(value) > 120 or town_coordinates(value) is None:
        suggestion = town_suggestion(value)
        if suggestion:
            raise Invalid(_("is not a Danish town we know.") + " " + suggestion)
        raise Invalid(_("is not a Danish town we know. Check the spelling, or use the nearest "
                        "bigger town"))
    return value


def either(names) -> str:
    """Join names as a question offers them: "Køge", "Køge or Kolding", "A, B or C"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return _("%(some)s or %(last)s", some=", ".join(names[:-1]), last=names[-1])


def town_suggestion(value: str) -> str | None:
    """ "Did you mean …?" for a town we do not know, or None when nothing is close."""
    near = nearest_towns(value.strip()[:120])
    return _("Did you mean %(towns)s?", towns=either(near)) if near else None


def items(value: str, *, allowed=None, separators: str = ";", words=None) -> list[str]:
    """A list separated by ``separators``; duplicates dropped, order kept; with ``allowed``,
    each item is one of those codes or one of their Danish ``words``."""
    found = []
    for part in re.split(f"[{re.escape(separators)}]", value):
        part = part.strip()
        if allowed and part:
            part = _coded(part.lower(), words)
        if part and part not in found:
            found.append(part)
    if allowed:
        wrong = [p for p in found if p not in allowed]
        if wrong:
            raise Invalid(_("%(wrong)s is not allowed; use: %(options)s",
                            wrong=", ".join(wrong), options=_accepted(allowed, words)))
    if len(found) > MAX_ITEMS:
        raise Invalid(_("may hold at most %(n)d items", n=MAX_ITEMS))
    if any(len(p) > MAX_ITEM_LEN for p in found):
        raise Invalid(_("each item may be at most %(n)d characters", n=MAX_ITEM_LEN))
    return found


def iso_date(value: str, *, required: bool = False) -> date | None:
    """A date written YYYY-MM-DD, not in the future."""
    if not value:
        if required:
            raise Invalid(_("must be filled in"))
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("must be a date written YYYY-MM-DD, e.g. 2024-03-01")) from None
    if parsed > today() or parsed.year < 1990:
        raise Invalid(_("must be a date between 1990 and today"))
    return parsed


def parse_cells(number: int, raw: dict, checks: dict, errors: list) -> dict:
    """Run each column's check; collect problems as RowErrors and return the values."""
    values = {}
    for column, check in checks.items():
        try:
            values[column] = check(raw[column])
        except Invalid as err:
            errors.append(RowError(number, column, str(err)))
    return values


VOLUNTEER_CHECKS = {
    "external_id": ident,
    "name": lambda v: text(v, max_len=120, required=True),
    "birth_year": lambda v: birth_year(v, required=False),
    "gender": gender,
    "town": lambda v: town(v, required=False),
    "occupation": lambda v: text(v, max_len=200),
    "work_history": lambda v: text(v, max_len=1000),
    "education": lambda v: text(v, max_len=500),
    "interests": items,
    "leisure": items,
    "offers": lambda v: text(v, max_len=1000),
    "languages": items,
    "availability": lambda v: items(v, allowed=AVAILABILITY, words=AVAILABILITY_WORDS),
    "capacity": lambda v: integer(v, low=0, high=10) if v else 1,
    "status": lambda v: choice(v, Stage.ALL, required=True, words=STAGE_WORDS),
    "screened_on": iso_date,
    "trained_on": iso_date,
}
CITIZEN_CHECKS = {
    "external_id": ident,
    "name": lambda v: text(v, max_len=120, required=True),
    "birth_year": lambda v: young_birth_year(v, required=True),
    "gender": gender,
    "town": town,
    "interests": items,
    "wishes": lambda v: text(v, max_len=500),
    "preferred_gender": gender,
    "max_distance_km": lambda v: integer(v, low=1, high=500),
    "languages": items,
    "availability": lambda v: items(v, allowed=AVAILABILITY, words=AVAILABILITY_WORDS),
}
HISTORY_CHECKS = {
    "citizen_id": ident,
    "shown_volunteer_ids": lambda v: [ident(i) for i in items(v)] or ident(""),
    "chosen_volunteer_id": lambda v: ident(v) if v else None,
    "proposed_on": lambda v: iso_date(v, required=True),
    "match_started_on": iso_date,
    "match_ended_on": iso_date,
    "end_reason": lambda v: choice(v, END_REASONS, words=END_REASON_WORDS),
    "meetings_logged": lambda v: integer(v, low=0, high=1000) or 0,
}
STATE_CHECKS = {
    "citizen_status": lambda v: choice(v, (lifecycle.WAITING, lifecycle.FINISHED),
                                       words=CITIZEN_STATUS_WORDS),
    "finished_reason": lambda v: choice(v, lifecycle.FINISHED_REASONS, words=FINISHED_REASON_WORDS),
    "finished_on": iso_date,
}
CHECKS = {"volunteers": VOLUNTEER_CHECKS, "citizens": {**CITIZEN_CHECKS, **STATE_CHECKS},
          "history": {**HISTORY_CHECKS, **STATE_CHECKS}}


def check_history_row(number: int, v: dict, errors: list) -> None:
    """Check how a history row's dates, choice and outcome fit together."""
    def bad(column, message):
        errors.append(RowError(number, column, message))

    shown, chosen = v.get("shown_volunteer_ids") or [], v.get("chosen_volunteer_id")
    if chosen and shown and chosen not in shown:
        bad("chosen_volunteer_id", _("must be one of the shown volunteers"))
    started, ended = v.get("match_started_on"), v.get("match_ended_on")
    proposed = v.get("proposed_on")
    if started and not chosen:
        bad("match_started_on", _("a match needs a chosen volunteer"))
    if started and proposed and started < proposed:
        bad("match_started_on", _("cannot be before proposed_on"))
    if ended and not started:
        bad("match_ended_on", _("an end needs a start (match_started_on)"))
    if ended and started and ended < started:
        bad("match_ended_on", _("cannot be before match_started_on"))
    if ended and not v.get("end_reason"):
        bad("end_reason", _("must be filled in when the match has ended"))
    if v.get("end_reason") and not ended:
        bad("end_reason", _("only for a match that has ended (match_ended_on)"))
    if v.get("meetings_logged") and not started:
        bad("meetings_logged", _("meetings need a match (match_started_on)"))


def write_table(kind: str, rows) -> str:
    """Write rows (dicts of text, lists or dates) as CSV text in the import format."""
    out = io.StringIO()
    writer = csv_safe.writer(out, lineterminator="\r\n")
    writer.writerow(all_columns(kind))
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in all_columns(kind)])
    return out.getvalue()


def _cell(value) -> str:
    """Format one value for the CSV file."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
