"""One place that keeps every session inside one municipality.

A session's ``info["tenant"]`` is either a municipality id (every read of a
``TenantScoped`` table is filtered to it and every new row is stamped with it),
``ALL_TENANTS`` (CLI commands, scheduler jobs, the admin), or missing, in which
case reading tenant data fails loudly instead of leaking across municipalities.
"""
import functools
import select

import sqlalchemy as sa
from sqlalchemy import event, orm
from sqlmodel import Session

from .base import TenantRoot, TenantScoped

ALL_TENANTS = "all"

# SQLAlchemy analyses a base-class criterion once against the base itself, so the base needs a
# stand-in column by that name. It is set here, after the models are declared, so that neither
# pydantic nor the declarative mapping takes it for a field of theirs.
TenantRoot.municipality_id = sa.column("municipality_id", sa.Integer)


class TenantError(RuntimeError):
    """Raised when tenant data is touched without a tenant, or across tenants."""


def scoped_session(engine, tenant) -> Session:
    """Open a session bound to one municipality id or to ``ALL_TENANTS``."""
    session = Session(engine, expire_on_commit=False)
    session.info["tenant"] = tenant
    return session


def set_tenant(session: Session, tenant) -> None:
    """Bind an open session to a municipality id or to ``ALL_TENANTS``."""
    session.info["tenant"] = tenant


def _touches_tenant_data(state) -> bool:
    """Tell whether an ORM statement involves a tenant-scoped table."""
    return any(issubclass(m.class_, TenantScoped) for m in state.all_mappers)


@event.listens_for(Session, "do_orm_execute")
def _filter_by_tenant(state):
    """Add the municipality filter to every ORM read, update and delete."""
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("all_tenants"):
        return
    tenant = state.session.info.get("tenant")
    if tenant == ALL_TENANTS:
        return
    if tenant is None:
        if _touches_tenant_data(state):
            raise TenantError("tenant data read without a municipality")
        return
    state.statement = state.statement.options(*_tenant_criteria(tenant))


@functools.lru_cache(maxsize=1024)
def _tenant_criteria(tenant) -> tuple:
    """The municipality filter, built once per municipality (options are immutable): one
    criterion on the common base reaches every tenant-scoped class in a statement, including
    joined ones and aliases, and costs a statement far less than one option per class."""
    return (orm.with_loader_criteria(
        TenantRoot, lambda cls: cls.municipality_id == tenant, include_aliases=True),)


@event.listens_for(Session, "before_flush")
def _stamp_tenant(session, flush_context, instances):
    """Give new rows the session's municipality and refuse rows of another."""
    tenant = session.info.get("tenant")
    if tenant == ALL_TENANTS:
        return
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TenantScoped):
            continue
        if obj.municipality_id is None and obj in session.new and tenant is not None:
            obj.municipality_id = tenant
        if tenant is None or obj.municipality_id != tenant:
            # An admin user row carries no municipality; it may only be written unscoped.
            raise TenantError(f"{type(obj).__name__} written outside its municipality")


def tenant_get(session: Session, model, ident):
    """Fetch one row by primary key, or None when it belongs to another municipality."""
    obj = session.get(model, ident)
    tenant = session.info.get("tenant")
    if obj is None or tenant == ALL_TENANTS:
        return obj
    if isinstance(obj, TenantScoped) and obj.municipality_id != tenant:
        return None
    return obj


def make_engine(url: str, **kw) -> sa.Engine:
    """Create the engine, with SQLite set up for a web server and a scheduler at once."""
    if url.startswith("sqlite"):
        kw.setdefault("connect_args", {"timeout": 15})
        engine = sa.create_engine(url, **kw)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            """Turn on foreign keys and WAL so readers don't block the writer."""
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    postgresql = sa.engine.make_url(url).get_backend_name() == "postgresql"
    # PostgreSQL connections are checked at checkout without a round trip (below).
    kw.setdefault("pool_pre_ping", not postgresql)
    engine = sa.create_engine(url, **kw)
    if postgresql:
        event.listen(engine, "connect", _plan_for_each_municipality)
        if not kw["pool_pre_ping"]:
            event.listen(engine, "checkout", functools.partial(_check_alive, engine.dialect))
    return engine


def _check_alive(dialect, dbapi_conn, _record, _proxy) -> None:
    """Hand out a pooled PostgreSQL connection only if its server is still there.

    SQLAlchemy's pre-ping asks the server on every checkout, a round trip per request. An idle
    connection has nothing to read, though, unless the server closed it (a restart, a killed
    backend) or sent something on its own; only then is it pinged, and if the ping fails the
    pool replaces it (``DisconnectionError``) before anyone uses it."""
    if dbapi_conn.closed or getattr(dbapi_conn, "broken", False):
        raise sa.exc.DisconnectionError("the connection is closed")
    if not select.select([dbapi_conn.fileno()], [], [], 0)[0]:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except dialect.loaded_dbapi.Error as exc:
        raise sa.exc.DisconnectionError("the database closed the connection") from exc


def _plan_for_each_municipality(dbapi_conn, _record) -> None:
    """Plan every statement for the municipality it asks about.

    psycopg prepares a statement on the server once it has run five times, and PostgreSQL then
    soon settles on one generic plan, made for an average municipality. Municipalities differ
    a hundredfold in size: for the big ones that plan sorts thousands of rows where an index
    would read fifty (the citizens list: 6 ms instead of 1 ms). Statements stay prepared; only
    the plan is made afresh, for the real values."""
    with dbapi_conn.cursor() as cur:
        cur.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_conn.commit()


def refresh_statistics(engine) -> None:
    """Give SQLite's query planner fresh table statistics (ANALYZE, sampled so that it stays
    quick on big tables). Without them SQLite may pick an index that turns a page of the
    large network from milliseconds into seconds. PostgreSQL's autovacuum does this itself."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")
