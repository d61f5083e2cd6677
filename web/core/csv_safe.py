"""CSV that a spreadsheet will not run (OWASP's advice on CSV injection): a text cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote in front,
so Excel and LibreOffice show it as text instead of evaluating it as a formula. The import takes
the quote off again (``restore``), so what the export wrote round-trips.

Written here rather than taken from a package: the rule is a few lines, the one package for it
(defusedcsv) is little used and has no reading side, and the import needs the exact inverse.
"""
import csv

STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Return a cell that no spreadsheet evaluates (numbers stay numbers)."""
    if not isinstance(value, str):
        return value
    # Cells that already begin with quotes before such a character get one more, so the
    # import's single removal gives back exactly what was stored.
    return "'" + value if value.lstrip("'").startswith(STARTS) else value


def restore(value: str) -> str:
    """Undo ``neutralise`` on a cell read from a file."""
    if value.startswith("'") and value.lstrip("'").startswith(STARTS):
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row) -> None:
        """Write one row."""
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows) -> None:
        """Write many rows."""
        for row in rows:
            self.writerow(row)


def writer(out, **kwargs) -> SafeWriter:
    """A CSV writer for files people open in a spreadsheet."""
    return SafeWriter(out, **kwargs)
