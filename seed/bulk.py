"""Bulk inserts for data sets far too big for the ORM: chunked executemany, COPY on PostgreSQL."""
import json

import sqlalchemy as sa

CHUNK = 5000


def insert(session, model, rows: list[dict], *, ids: bool = False) -> list[int]:
    """Insert row dicts (all with the same keys) into ``model``'s table; return new ids if asked.

    Ids are reserved up front (the sequence on PostgreSQL, max(id) on SQLite) so that no
    RETURNING is needed: psycopg spends most of its time parsing huge multi-row statements,
    while COPY moves a hundred thousand rows a second.
    """
    if not rows:
        return []
    table = model.__table__
    new_ids = []
    if ids:
        new_ids = _reserve_ids(session, table, len(rows))
        for row, new_id in zip(rows, new_ids):
            row["id"] = new_id
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, table, rows)
    else:
        for start in range(0, len(rows), CHUNK):
            session.execute(sa.insert(table), rows[start:start + CHUNK])
    return new_ids


def _reserve_ids(session, table, n: int) -> list[int]:
    """Return ``n`` unused ids for ``table``."""
    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(
            sa.text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": n},
        ).scalars())
    # SQLite: our transaction is the only writer, so the ids after the largest are ours.
    top = session.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
    return list(range(top + 1, top + n + 1))


def _copy(session, table, rows: list[dict]) -> None:
    """Stream rows into a PostgreSQL table with COPY, inside the session's transaction."""
    # COPY skips the models' Python-side defaults, so fill them in for the columns not given.
    defaults = {c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)
                for c in table.columns if c.default is not None and c.name not in rows[0]}
    columns = list(rows[0]) + list(defaults)
    rows = [{**row, **defaults} for row in rows] if defaults else rows
    json_cols = {c for c in columns if isinstance(table.c[c].type, sa.JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in json_cols else row[c] for c in columns])
