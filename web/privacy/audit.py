"""The audit log: who looked at or changed whose record, the review page and a person's copy."""
from flask import Blueprint, g, has_request_context, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy.orm import aliased
from sqlmodel import or_, select

from models import AuditEntry, Citizen, Match, Role, User, Volunteer

from ..core.db import get_session
from ..core.numbers import as_number
from .access import role_required

bp = Blueprint("audit", __name__, template_folder="templates")
PAGE_ROWS = 200
STAFF = (Role.COORDINATOR, Role.ADMIN)
# The records whose views are logged, by their audit name.
SUBJECTS = {"citizen": Citizen, "volunteer": Volunteer}


def init_app(app) -> None:
    """Commit the audit entries of read-only pages once they answered successfully."""
    from ..core.labels import AUDIT_ACTIONS

    app.jinja_env.globals["AUDIT_ACTIONS"] = AUDIT_ACTIONS
    app.after_request(_commit_views)


def _commit_views(response):
    """Save view entries of a page that succeeded; a failed page keeps nothing."""
    if g.pop("audit_pending", False) and response.status_code < 400:
        get_session().commit()
    return response


def object_type(obj) -> str:
    """Name the kind of record, as stored in the log."""
    return type(obj).__tablename__


def record(session, action: str, obj, *, reason: str | None = None, actor=None) -> AuditEntry:
    """Add a log entry about ``obj`` to ``session`` (the caller commits)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    subject = obj.id if isinstance(obj, User) else getattr(obj, "user_id", None)
    entry = AuditEntry(
        municipality_id=getattr(obj, "municipality_id", None),
        actor_id=actor.id if actor is not None else None,
        action=action[:40], object_type=object_type(obj)[:40], object_id=obj.id,
        subject_user_id=subject, reason=(reason or None) and reason[:300],
    )
    session.add(entry)
    return entry


def record_view(session, *, obj, reason=None) -> AuditEntry | None:
    """Log that a coordinator or admin looked at ``obj``; saved when the page succeeds."""
    if not current_user.is_authenticated or current_user.role not in STAFF:
        return None
    g.audit_pending = True
    return record(session, "view", obj, reason=reason)


def _names(db, entries) -> dict:
    """Look up actor and subject names for a page of entries (one query per kind)."""
    names = {}
    actor_ids = {e.actor_id for e in entries if e.actor_id}
    if actor_ids:
        rows = db.exec(select(User.id, User.name).where(User.id.in_(actor_ids))).all()
        names.update({("user", i): n for i, n in rows})
    for kind, model in SUBJECTS.items():
        ids = {e.object_id for e in entries if e.object_type == kind and e.object_id}
        if ids:
            rows = db.exec(select(model.id, model.name, model.external_id)
                           .where(model.id.in_(ids))).all()
            # People are referred to the same way everywhere: name, and the id they are known by.
            names.update({(kind, i): f"{n} ({ext})" for i, n, ext in rows})
    ids = {e.object_id for e in entries if e.object_type == "match" and e.object_id}
    if ids:
        young, role_model = aliased(Citizen), aliased(Volunteer)
        rows = db.exec(select(Match.id, young.name, role_model.name)
                       .join(young, young.id == Match.citizen_id)
                       .join(role_model, role_model.id == Match.volunteer_id)
                       .where(Match.id.in_(ids))).all()
        names.update({("match", i): f"{c} & {v}" for i, c, v in rows})
    return names


@bp.route("/audit")
@role_required(Role.COORDINATOR)
def review():
    """Let a coordinator review who looked at which record, newest first."""
    db = get_session()
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    kind = request.args.get("type")
    ident = as_number(request.args.get("id"), 1)
    if kind in SUBJECTS and ident:
        query = query.where(AuditEntry.object_type == kind, AuditEntry.object_id == ident)
    entries = db.exec(query.limit(PAGE_ROWS)).all()
    return render_template(
        "audit/review.html", entries=entries, names=_names(db, entries), limit=PAGE_ROWS
    )


def own_profile(db, user):
    """Return the citizen or volunteer profile of ``user``, if any."""
    model = {Role.CITIZEN: Citizen, Role.VOLUNTEER: Volunteer}.get(user.role)
    if model is None:
        return None
    return db.exec(select(model).where(model.user_id == user.id)).first()


def entries_about(db, user) -> list[AuditEntry]:
    """Return every log entry about ``user`` or their profile, newest first."""
    profile = own_profile(db, user)
    about = [AuditEntry.subject_user_id == user.id]
    if profile is not None:
        about.append((AuditEntry.object_type == object_type(profile))
                     & (AuditEntry.object_id == profile.id))
    return db.exec(
        select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at.desc())
    ).all()


def access_log(db, user) -> list[dict]:
    """Return who looked at ``user``'s data, as plain rows for a page or a download."""
    entries = entries_about(db, user)
    names = _names(db, entries)
    return [{
        "at": e.at.isoformat(), "action": e.action,
        "by": names.get(("user", e.actor_id)) or ("" if e.actor_id is None else "—"),
        "reason": e.reason or "",
    } for e in entries]


@bp.route("/my-data/access-log.json")
@role_required(*Role.ALL)
def my_access_log():
    """Download the log of who looked at my data."""
    response = jsonify(access_log(get_session(), current_user))
    response.headers["Content-Disposition"] = 'attachment; filename="rollemodel-adgangslog.json"'
    return response
