"""The bridge between the database and the matcher: records in, suggestions out.

The engine (``matcher``) works on plain dicts; this module builds them from the
current municipality's rows, loads the municipality's trained model (or falls
back to the prior) and runs one suggestion round. The web pages and the
``flask matcher`` commands both go through ``suggest_round``, so they suggest alike.
"""
import os
from collections import Counter
from datetime import datetime, time, timezone

import sqlalchemy as sa

from flask import current_app
from sqlmodel import func, select

from models import Citizen, Match, Meeting, Proposal, ProposalOption, ProposalStatus
from models import Municipality, Volunteer, utcnow
from models.capacity import excluded_for, matchable_volunteers
from models.towns import town_coordinates

# Each shown option holds a place while the proposal is open, so a round may show a
# volunteer to at most as many young people as they have free places.
EXPOSURE_FACTOR = 1.0
OPTIONS = 3


def _coords(town: str) -> tuple:
    """Return (lat, lon) of a town, or (None, None) when it is unknown."""
    return town_coordinates(town) or (None, None)


def volunteer_record(v: Volunteer, *, load: int, experience: int, matchable: bool) -> dict:
    """Build the engine's record of one volunteer (id is the database id as text)."""
    lat, lon = _coords(v.town)
    return {
        "id": str(v.id), "birth_year": v.birth_year, "gender": v.gender, "lat": lat, "lon": lon,
        "interests": list(v.interests), "leisure": list(v.leisure), "languages": list(v.languages),
        "availability": list(v.availability), "occupation": v.occupation,
        "work_history": v.work_history, "education": v.education, "offers": v.offers,
        "capacity": v.capacity, "load": load, "experience": experience, "matchable": matchable,
    }


def citizen_record(c: Citizen, excluded=()) -> dict:
    """Build the engine's record of one citizen; ``excluded`` are volunteer ids never to suggest."""
    lat, lon = _coords(c.town)
    return {
        "id": str(c.id), "birth_year": c.birth_year, "lat": lat, "lon": lon,
        "interests": list(c.interests), "languages": list(c.languages),
        "availability": list(c.availability), "wishes": c.wishes,
        "preferred_gender": c.preferred_gender, "max_distance_km": c.max_distance_km,
        "excluded": [str(x) for x in excluded],
    }


def experience_counts(session) -> Counter:
    """Count each volunteer's matches so far (one grouped query)."""
    rows = session.exec(select(Match.volunteer_id, func.count()).group_by(Match.volunteer_id))
    return Counter(dict(rows.all()))


def excluded_volunteers(session, citizen_ids) -> dict[int, set[int]]:
    """Return, per citizen, the volunteers never to suggest again: those of their ended
    matches and those they declined (``models.capacity.excluded_for``; two queries)."""
    return {cid: set(vids) for cid, vids in excluded_for(session, citizen_ids).items()}


def exposure(session) -> dict[int, tuple[int, int, datetime | None]]:
    """Return, per volunteer, (times shown, times chosen, last shown) over every sent
    proposal (one grouped query)."""
    rows = session.exec(
        select(ProposalOption.volunteer_id, func.count(),
               func.sum(sa.case((Proposal.chosen_volunteer_id == ProposalOption.volunteer_id, 1),
                                else_=0)),
               func.max(Proposal.sent_at))
        .join(Proposal, Proposal.id == ProposalOption.proposal_id)
        .where(Proposal.sent_at.is_not(None))
        .group_by(ProposalOption.volunteer_id))
    return {vid: (int(n), int(chosen or 0), last) for vid, n, chosen, last in rows}


def matchable_since(v: Volunteer) -> datetime:
    """When a volunteer last became suggestable, as near as the record says: the latest of
    their status change, second training day, signed confidentiality and checked records."""
    moments = [v.status_changed_at, v.confidentiality_signed_at, v.created_at]
    moments += [datetime.combine(d, time(), tzinfo=timezone.utc) for d in
                (v.training_day2_on, v.criminal_cert_checked_on, v.child_cert_checked_on) if d]
    return max(_aware(m) for m in moments if m)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def matchable_records(session, now=None) -> list[dict]:
    """Return the records of every volunteer who can be suggested now, with their exposure so
    far: days unseen (since last shown, or since matchable), times shown and chosen."""
    experience = experience_counts(session)
    seen = exposure(session)
    now = _aware(now or utcnow())
    records = []
    for v, load in matchable_volunteers(session):
        shown, chosen, last = seen.get(v.id, (0, 0, None))
        since = max(_aware(last), matchable_since(v)) if last else matchable_since(v)
        record = volunteer_record(v, load=load, experience=experience[v.id], matchable=True)
        record.update(days_unseen=max((now - since).days, 0), times_shown=shown,
                      times_chosen=chosen)
        records.append(record)
    return records


def model_dir(app=None) -> str:
    """Return the folder with the trained model files (config MATCHER_MODEL_DIR)."""
    app = app or current_app
    return app.config.get("MATCHER_MODEL_DIR") or os.path.join(app.instance_path, "models")


def model_path(slug: str) -> str:
    """Return the model file of one municipality."""
    return os.path.join(model_dir(), f"{slug}.joblib")


def load_model(slug: str):
    """Return the municipality's trained MatchModel, or None for the prior (cached by mtime)."""
    path = model_path(slug)
    if not os.path.exists(path):
        return None
    from matcher import MatchModel  # scikit-learn loads only when a model is used

    cache = current_app.extensions.setdefault("matcher_models", {})
    stamp = os.path.getmtime(path)
    if cache.get(path, (None,))[0] != stamp:
        try:
            cache[path] = (stamp, MatchModel.load(path))
        except Exception:  # noqa: BLE001 - a broken file of any kind: fall back
            previous = os.path.join(model_dir(), f"{slug}.previous.joblib")
            try:  # the model used before this one, kept by the retraining to fall back to
                fallback = MatchModel.load(previous)
                current_app.logger.warning("model file %s unreadable; using the previous model",
                                           path)
            except Exception:  # noqa: BLE001
                current_app.logger.exception("model file %s unreadable; using the prior", path)
                fallback = None
            cache[path] = (stamp, fallback)
    return cache[path][1]


def engine_for(session, municipality_id: int):
    """Return the engine with the municipality's model (or the prior)."""
    from matcher import Engine  # imported on first use: it pulls in scikit-learn and scipy

    slug = session.get(Municipality, municipality_id).slug
    config = current_app.config
    return Engine(model=load_model(slug), exposure_factor=EXPOSURE_FACTOR,
                  explore=config.get("MATCHER_EXPLORE_RATE", 0.1),
                  explore_tolerance=config.get("MATCHER_EXPLORE_TOLERANCE", 0.03))


def suggest_round(session, municipality_id: int, citizens, k: int = OPTIONS) -> list[dict]:
    """Run one suggestion round for ``citizens``: the engine's result, keyed by database ids."""
    citizens = list(citizens)
    excluded = excluded_volunteers(session, [c.id for c in citizens])
    records = [citizen_record(c, excluded.get(c.id, ())) for c in citizens]
    engine = engine_for(session, municipality_id)
    return engine.suggest(records, matchable_records(session), k=k)


def rank_for(session, municipality_id: int, citizen: Citizen, volunteers) -> list[dict]:
    """Score role models for one young person with the engine, best first: one entry per
    volunteer, {"volunteer", "score", "reasons", "fits"} (see ``matcher.Engine.rank``). Their
    places are not counted, so a coordinator's choice is scored on fit alone."""
    volunteers = list(volunteers)
    if not volunteers:
        return []
    experience = experience_counts(session)
    records = [volunteer_record(v, load=0, experience=experience[v.id], matchable=True)
               for v in volunteers]
    return engine_for(session, municipality_id).rank(citizen_record(citizen), records)


def explain_pair(session, municipality_id: int, citizen: Citizen, volunteer: Volunteer) -> dict:
    """Score one coordinator-chosen pair with the engine: {"score", "reasons", "fits"}."""
    return rank_for(session, municipality_id, citizen, [volunteer])[0]


def choice_sets(session) -> list[dict]:
    """Return every decided proposal as a training choice set (two queries)."""
    proposals = session.exec(select(Proposal).where(
        Proposal.chosen_volunteer_id.is_not(None) | (Proposal.status == ProposalStatus.DECLINED),
        Proposal.shown_at.is_not(None) | Proposal.imported.is_(True),
    )).all()
    shown: dict[int, list[str]] = {}
    chances: dict[int, list] = {}
    ids = [p.id for p in proposals]
    if ids:
        for pid, vid, chance in session.exec(
                select(ProposalOption.proposal_id, ProposalOption.volunteer_id,
                       ProposalOption.propensity)
                .where(ProposalOption.proposal_id.in_(ids)).order_by(ProposalOption.position)):
            shown.setdefault(pid, []).append(str(vid))
            chances.setdefault(pid, []).append(chance)
    sets = []
    for p in proposals:
        if not shown.get(p.id):
            continue
        entry = {"citizen": str(p.citizen_id), "shown": shown[p.id],
                 "chosen": str(p.chosen_volunteer_id) if p.chosen_volunteer_id else None,
                 "proposed_on": (p.sent_at or p.created_at).date().isoformat()}
        if all(c is not None for c in chances[p.id]):  # a set the engine's round showed as is
            entry["propensities"] = chances[p.id]
        sets.append(entry)
    return sets


def outcome_pairs(session) -> list[dict]:
    """Return every match as a training pair with its number of logged meetings (two queries)."""
    meetings = dict(session.exec(
        select(Meeting.match_id, func.count()).group_by(Meeting.match_id)).all())
    return [{
        "citizen": str(m.citizen_id), "volunteer": str(m.volunteer_id),
        "started_on": m.started_on.isoformat(),
        "ended_on": m.ended_on.isoformat() if m.ended_on else None,
        "meetings": meetings.get(m.id, 0),
    } for m in session.exec(select(Match)).all()]


def all_records(session) -> tuple[list[dict], list[dict]]:
    """Return (citizen records, volunteer records) of everyone, for training."""
    experience = experience_counts(session)
    volunteers = [volunteer_record(v, load=0, experience=experience[v.id], matchable=False)
                  for v in session.exec(select(Volunteer)).all()]
    return [citizen_record(c) for c in session.exec(select(Citizen)).all()], volunteers
