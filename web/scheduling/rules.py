"""The sweeps: what is due at ``now``, as plain functions of a session and a clock.

Each sweep reads with a fixed number of grouped queries (never one per pair),
decides what is due, and queues it in the outbox under a key that names the
occasion, so running a sweep again queues nothing new. Times are stored in UTC
and reasoned in Copenhagen days.
"""
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from sqlmodel import func, select

from models import (
    Event, EventInvite, Match, MatchStatus, Meeting, Municipality, Notification, Role, Stage,
    User, Volunteer,
)
from models.voice import RHYTHMS, prompt_days

from ..core.formatting import moment_words
from ..core.i18n import locale_for
from ..core.labels import EVENT_KINDS
from . import answer_links, volunteer_rules, voice_rules
from .due import CPH, USER_COLUMNS, Due, Recipient, local_day, recipient
from .messages import render
from .outbox import absolute_link, insert_rows

CADENCE_KINDS = ("prompt1", "prompt2", "risk")
EVENT_KINDS_SENT = ("invite", "remind7", "remind1")
# Keys older than this are not read back; the unique index still refuses them.
CADENCE_MEMORY_DAYS = 120
EVENT_MEMORY_DAYS = 400


def _coordinators(session) -> dict[int, list[Recipient]]:
    """Return the active coordinators of every municipality, in one query."""
    found: dict[int, list[Recipient]] = {}
    for row in session.execute(select(*USER_COLUMNS).where(
        User.role == Role.COORDINATOR, User.is_active.is_(True)
    )):
        found.setdefault(row[1], []).append(recipient(row))
    return found


def due_cadence(session, now: datetime) -> list[Due]:
    """Find the meeting prompts and pair-at-risk alerts due at ``now`` (three queries)."""
    day = local_day(now)
    rules = {m_id: days for m_id, *days in session.execute(select(
        Municipality.id, Municipality.first_prompt_days, Municipality.second_prompt_days,
        Municipality.risk_alert_days,
    ))}
    if not rules:
        return []
    last = (select(Meeting.match_id, func.max(Meeting.held_on).label("held_on"))
            .group_by(Meeting.match_id).subquery())
    anchor = sa.case((last.c.held_on > Match.started_on, last.c.held_on), else_=Match.started_on)
    # Only pairs past their first mark come back from the database: the municipality's days,
    # moved to the pair's own agreed rhythm (models.voice.prompt_days).
    cutoff = sa.case({m: sa.case({r: day - timedelta(days=prompt_days(r, *d[:2])[0])
                                  for r in RHYTHMS}, value=Match.rhythm,
                                 else_=day - timedelta(days=d[0]))
                      for m, d in rules.items()}, value=Match.municipality_id)
    rows = session.execute(
        select(Match.id, Match.municipality_id, anchor, Match.rhythm, *USER_COLUMNS)
        .join(Volunteer, Volunteer.id == Match.volunteer_id)
        .outerjoin(User, sa.and_(User.id == Volunteer.user_id, User.is_active.is_(True)))
        .outerjoin(last, last.c.match_id == Match.id)
        # A paused match, or a role model on pause, gets no prompts.
        .where(Match.status == MatchStatus.ACTIVE, Volunteer.status == Stage.ACTIVE,
               anchor <= cutoff)
    ).all()
    coordinators = _coordinators(session) if rows else {}
    due = []
    for match_id, town, anchor_on, rhythm, *user in rows:
        days = (day - anchor_on).days
        first, second, risk = rules[town]
        first, second = prompt_days(rhythm, first, second)
        if days < first:
            continue
        # The anchor date is in the key: a meeting starts the clock, and its own prompts, anew.
        occasion = f"m{match_id}:{anchor_on.isoformat()}"
        stage = "prompt2" if days >= second else "prompt1"  # only the latest step, never both
        if user[0] is not None:
            due.append(Due(Recipient(*user), stage, f"{stage}:{occasion}", "/", {"days": days}))
        if days >= risk:
            due += [Due(c, "risk", f"risk:{occasion}", "/", {"days": days})
                    for c in coordinators.get(town, [])]
    return due


def due_events(session, now: datetime, known: dict[str, datetime]) -> tuple[list[Due], dict]:
    """Find invitations and 7- and 1-day reminders due at ``now``, and answer tokens to store."""
    day = local_day(now)
    rows = session.execute(
        select(EventInvite.id, EventInvite.answer, EventInvite.answer_token, Event.kind,
               Event.starts_at, *USER_COLUMNS)
        .join(Event, Event.id == EventInvite.event_id)
        .join(Volunteer, Volunteer.id == EventInvite.volunteer_id)
        .join(User, sa.and_(User.id == Volunteer.user_id, User.is_active.is_(True)))
        .where(Event.starts_at > now)
    ).all()
    due, tokens = [], {}
    config = current_app.config
    for invite_id, answer, stored, kind, starts_at, *user in rows:
        if stored is None:  # only the secret's hash is kept (see answer_links)
            tokens[invite_id] = answer_links.token_hash(answer_links.token(config, invite_id))
        to = Recipient(*user)
        params = {"kind": kind, "starts_at": starts_at,
                  "yes": answer_links.mark(invite_id, "yes"),
                  "no": answer_links.mark(invite_id, "no")}
        invited = _first_queued(known, f"invite:i{invite_id}:u{to.user_id}")
        if invited is None:
            due.append(Due(to, "invite", f"invite:i{invite_id}", "/", params))
        elif answer not in ("no", "wait"):  # the waiting list hears when a place opens
            stage = _reminder(starts_at.astimezone(CPH).date(), day, invited.astimezone(CPH).date())
            if stage:
                due.append(Due(to, stage, f"{stage}:i{invite_id}", "/", params))
    return due, tokens


def _reminder(event_day: date, day: date, invited_day: date) -> str | None:
    """Name the reminder due on ``day``, if any: only the nearer one, and only after the invitation."""
    for stage, mark in (("remind1", 1), ("remind7", 7)):
        mark_day = event_day - timedelta(days=mark)
        if day >= mark_day:
            # An invitation sent on or after the mark day already did the reminding.
            return stage if invited_day < mark_day else None
    return None


def _first_queued(known: dict[str, datetime], key: str) -> datetime | None:
    """Return when a message under ``key`` was first queued, on any channel."""
    times = [known[k] for k in (f"{key}:email", f"{key}:sms") if k in known]
    return min(times) if times else None


def known_keys(session, now: datetime) -> dict[str, datetime]:
    """Return the keys the sweeps queued lately, with when (one query)."""
    return dict(session.execute(
        select(Notification.dedupe_key, Notification.created_at).where(sa.or_(
            sa.and_(Notification.kind.in_(CADENCE_KINDS),
                    Notification.created_at >= now - timedelta(days=CADENCE_MEMORY_DAYS)),
            sa.and_(Notification.kind.in_(EVENT_KINDS_SENT),
                    Notification.created_at >= now - timedelta(days=EVENT_MEMORY_DAYS)),
            sa.and_(Notification.kind.in_(volunteer_rules.KINDS),
                    Notification.created_at >= now - timedelta(days=volunteer_rules.MEMORY_DAYS)),
            sa.and_(Notification.kind.in_(voice_rules.KINDS),
                    Notification.created_at >= now - timedelta(days=voice_rules.MEMORY_DAYS)),
        ))
    ).all())


LINK_PARAMS = ("yes", "no")
PLACEHOLDERS = {name: f"\x00{name}\x00" for name in LINK_PARAMS}


def to_rows(due: list[Due], now: datetime, skip=frozenset()) -> list[dict]:
    """Render due messages into outbox rows, leaving out keys in ``skip``; each text once."""
    texts: dict[tuple, tuple[str, str]] = {}
    links: dict[str, str] = {}
    rows = []
    for d in due:
        base = f"{d.key}:u{d.to.user_id}"
        channels = [c for c in d.to.channels() if f"{base}:{c}" not in skip]
        if not channels:
            continue
        lang = d.to.language or "da"
        shared = {k: v for k, v in d.params.items() if k not in LINK_PARAMS}
        text_key = (d.kind, lang, tuple(sorted(shared.items())))
        if text_key not in texts:  # rendered once; each person's answer links go in below
            texts[text_key] = render(d.kind, lang, **_words(shared, lang), **PLACEHOLDERS)
        if d.link not in links:
            links[d.link] = absolute_link(d.link)
        subject, body = texts[text_key]
        for name, mark in PLACEHOLDERS.items():
            if name in d.params:
                body = body.replace(mark, d.params[name])  # made a link only when sent
        rows += [{
            "municipality_id": d.to.municipality_id, "user_id": d.to.user_id, "channel": c,
            "kind": d.kind, "dedupe_key": f"{base}:{c}", "subject": subject[:200],
            "body": body[:4000], "link": links[d.link], "created_at": now,
            "next_attempt_at": now, "attempts": 0, "last_error": None, "sent_at": None,
            "failed_at": None,
        } for c in channels]
    return rows


def _words(params: dict, lang: str) -> dict:
    """Turn message parameters into words: the event kind, local date and time."""
    out = dict(params)
    if "kind" in out:
        out["kind"] = EVENT_KINDS.get(out["kind"], out["kind"])  # translated by render()
    starts_at = out.pop("starts_at", None)
    if starts_at is not None:
        with force_locale(locale_for(lang)):
            out["when"] = moment_words()(starts_at)
    return out


def sweep(session, now: datetime) -> dict:
    """Queue everything due at ``now`` (a fixed number of queries); the caller commits."""
    known = known_keys(session, now)
    cadence = due_cadence(session, now)
    events, tokens = due_events(session, now, known)
    if tokens:  # one statement for all new answer tokens
        session.execute(sa.update(EventInvite.__table__).where(
            EventInvite.__table__.c.id == sa.bindparam("invite_id")
        ).values(answer_token=sa.bindparam("token")),
            [{"invite_id": i, "token": t} for i, t in tokens.items()])
    rows = to_rows(cadence + events + volunteer_rules.due(session, now)
                   + voice_rules.due(session, now), now, skip=known)
    insert_rows(session, rows, count=False)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    return {"queued": len(rows), "kinds": counts}
