"""Files as coordinators have them, turned into UTF-8 CSV before the checks in ``csv_io``.

An ``.xlsx`` workbook (its first sheet) is read with openpyxl; a CSV file in any encoding
Danish Excel writes (UTF-8 with or without the byte-order mark, Windows-1252, Latin-1) is
decoded after charset-normalizer has told which it is, and the import says which was used.
Row numbers do not change: the sheet's row 1 is the header, as in a CSV file.
"""
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from charset_normalizer import from_bytes
from flask_babel import gettext as _

from .csv_io import MAX_FIELD, MAX_ROWS, Invalid

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Excel format
MAX_COLUMNS = 100
# The encodings a Danish spreadsheet comes in; detection chooses among these only, so a short
# file is never taken for, say, Central European or Cyrillic.
ENCODINGS = {"utf_8": "UTF-8", "cp1252": "Windows-1252", "latin_1": "Latin-1 (ISO-8859-1)"}


@dataclass
class Converted:
    """The file as UTF-8 CSV bytes, and notes on how it was read."""

    data: bytes
    notes: list = field(default_factory=list)


def to_csv(data: bytes, filename: str | None = None) -> Converted:
    """Turn an uploaded file (xlsx or CSV in a Danish encoding) into UTF-8 CSV bytes."""
    if data.startswith(XLSX_MAGIC):
        return Converted(_xlsx_to_csv(data), [_("Read the first sheet of the Excel file.")])
    if data.startswith(XLS_MAGIC) or (filename or "").lower().endswith(".xls"):
        raise Invalid(_("This is an old Excel file (.xls). In Excel, save it as .xlsx or CSV."))
    if not data:
        return Converted(data)  # the CSV check says the file is empty
    encoding = detect_encoding(data)
    if encoding == "utf_8":
        return Converted(data)  # passed on as it is: csv_io reads UTF-8 itself
    text = data.decode(encoding)
    note = _("The file was read as %(encoding)s (as Danish Excel saves CSV).",
             encoding=ENCODINGS[encoding])
    return Converted(text.encode("utf-8"), [note])


def detect_encoding(data: bytes) -> str:
    """Tell which of the Danish encodings the bytes are in (charset-normalizer decides)."""
    try:
        data.decode("utf-8")
        return "utf_8"  # valid UTF-8 (also plain ASCII) is never Windows-1252 in practice
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise Invalid(_("The file contains invalid characters. Is it really a CSV file?"))
    best = from_bytes(data[:200_000], cp_isolation=list(ENCODINGS)).best()
    if best is None or best.encoding not in ENCODINGS:
        raise Invalid(_("The file is not UTF-8. In Excel, save it as \"CSV UTF-8\"."))
    return best.encoding


def _xlsx_to_csv(data: bytes) -> bytes:
    """Write the first sheet of a workbook as CSV, each cell as the text the checks expect."""
    from openpyxl import load_workbook  # imported here: only an Excel upload pays for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise Invalid(_("The file could not be read as an Excel file (.xlsx).")) from err
    try:
        sheet = book.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise Invalid(_("The file has more than %(n)d rows.", n=MAX_ROWS))
            cells = [_text(value) for value in row[:MAX_COLUMNS]]
            while cells and not cells[-1]:
                cells.pop()  # Excel often reports empty cells to the right of the data
            writer.writerow(cells)
        return out.getvalue().encode("utf-8")
    finally:
        book.close()


def _text(value) -> str:
    """One cell as text: whole numbers without ".0", dates as YYYY-MM-DD, long text cut."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:MAX_FIELD + 1]  # one too many, so the check still says it is too long

