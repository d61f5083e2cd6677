"""Learning as part of the service: the scheduler retrains each municipality's models.

Once a week (``MATCHER_RETRAIN_DAYS``) the scheduler's background job (``retrain_all``) looks
at each municipality: when no new choice or outcome came in since the last training it does
nothing. Otherwise it trains a new choice and outcome model and puts it to the switch-in test
(``matcher.switching.decide``): it is used only when the sets it would show are estimated to be
better than those of the model in use (off-policy with recorded propensities, or the
conservative rule for history without them). The model in use is kept beside it as
``<slug>.previous.joblib`` to fall back to (``flask matcher rollback``). Files are written
whole and then renamed, so a page never reads half a model. A failed training logs a warning
and changes nothing. What happened is kept in ``<slug>.status.json`` (no personal data): the
model page reads it.
"""
import json
import logging
import os
import tempfile
from datetime import datetime, timedelta, timezone

from sqlmodel import func, select

from models import ALL_TENANTS, Match, Meeting, Municipality, Proposal, scoped_session, set_tenant
from models import utcnow

from . import engine

log = logging.getLogger(__name__)
HISTORY_KEPT = 20
SHARED_MIN_SETS = 100   # a municipality's weights are shared once learned from this many sets
SHARED_UNTIL_SETS = 30  # below this many own choices, the shared starting point is used as is


def status_path(slug: str) -> str:
    """Return the status file of one municipality's learning."""
    return os.path.join(engine.model_dir(), f"{slug}.status.json")


def previous_path(slug: str) -> str:
    """Return the file of the model used before the current one."""
    return os.path.join(engine.model_dir(), f"{slug}.previous.joblib")


def read_status(slug: str) -> dict:
    """Return what the last trainings did ({} before the first one)."""
    try:
        with open(status_path(slug), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def _write_atomic(path: str, write) -> None:
    """Write a file whole, then rename it into place (readers see the old or the new one)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_status(slug: str, status: dict) -> None:
    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(status, fh, ensure_ascii=False, indent=1, default=str)
    _write_atomic(status_path(slug), write)


def fingerprint(session) -> dict:
    """Return what the training data amounts to now: decided proposals, matches, meetings."""
    decided = session.exec(select(func.count(), func.max(Proposal.decided_at)).where(
        Proposal.decided_at.is_not(None))).one()
    ended = session.exec(select(func.count(), func.max(Match.ended_on))).one()
    meetings = session.exec(select(func.count()).select_from(Meeting)).one()
    return {"choices": int(decided[0]), "last_choice": str(decided[1] or ""),
            "matches": int(ended[0]), "last_end": str(ended[1] or ""), "meetings": int(meetings)}


def _clean(report: dict) -> dict:
    """Make the switch-in report JSON-safe (NaN becomes None)."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in report.items()}


def _models_in_use(towns) -> dict:
    """Return {municipality id: (choice sets it learned from, its model)} from the model files."""
    from matcher import MatchModel

    found = {}
    for town in towns:
        path = engine.model_path(town.slug)
        try:
            model = MatchModel.load(path) if os.path.exists(path) else None
        except Exception:  # noqa: BLE001 - a broken file shares nothing
            model = None
        if model is not None and model.name != "shared-start":
            found[town.id] = (model.n_train, model)
    return found


def retrain_municipality(app, session, town: Municipality, now: datetime, others=()) -> dict:
    """Retrain one municipality when new choices or outcomes came in; return what happened.

    ``others`` are (choice sets, model in use) of the other municipalities: their fitted weights
    (never their records) give the starting point the fit is pulled towards, and, while this
    municipality has fewer than SHARED_UNTIL_SETS choices of its own and at least two others
    learned from SHARED_MIN_SETS or more, the model it uses."""
    from matcher import MatchModel, train_choice_model, train_outcome_model
    from matcher.switching import decide
    from matcher.training import shared_start, start_model

    set_tenant(session, town.id)
    status = read_status(town.slug)
    sources = [(n, m) for n, m in others if n >= SHARED_MIN_SETS]
    # New experience elsewhere counts as new too: the starting point it gives changes.
    seen = {**fingerprint(session),
            "shared": sorted(f"{m.version}:{n}" for n, m in sources)}
    every = timedelta(days=app.config.get("MATCHER_RETRAIN_DAYS", 7))
    status["next_retrain"] = (now + every).isoformat()
    if status.get("fingerprint") == seen:
        status["checked_at"] = now.isoformat()
        _write_status(town.slug, status)
        return {"municipality": town.slug, "trained": False, "why": "nothing new"}
    path = engine.model_path(town.slug)
    current = MatchModel.load(path) if os.path.exists(path) else None
    citizens, volunteers = engine.all_records(session)
    sets, pairs = engine.choice_sets(session), engine.outcome_pairs(session)
    version = (current.version + 1) if current is not None else 1
    start = shared_start(sources)
    candidate = train_choice_model(sets, citizens, volunteers, version=version, now=now,
                                   start=start)
    candidate = train_outcome_model(pairs, citizens, volunteers, model=candidate,
                                    as_of=now.date(), now=now)
    if len(sets) < SHARED_UNTIL_SETS and len(sources) >= 2:
        chosen = start_model(start, version=version, now=now, n_sources=len(sources))
        report = {"n_sets": len(sets), "rule": "shared-start", "switch": True}
        status["starting_point"] = {"kind": "shared", "municipalities": len(sources)}
    else:
        chosen, report = decide(candidate, current, sets, citizens, volunteers)
        status["starting_point"] = ({"kind": "own-from-shared", "municipalities": len(sources)}
                                    if start is not None else {"kind": "prior"})
    switched = chosen is not None and chosen is not current
    if switched:
        if current is not None:
            _write_atomic(previous_path(town.slug), current.save)
        _write_atomic(path, chosen.save)
        status["in_use_since"] = now.isoformat()
        status["model"] = chosen.label
    status.setdefault("in_use_since", None)
    status.setdefault("model", current.label if current is not None else None)
    entry = {"at": now.isoformat(), "switched": switched, "candidate": candidate.label,
             **_clean(report), "holdout": _clean({k: v for k, v in candidate.metrics.items()
                                                  if k.startswith("holdout_")})}
    status.update(fingerprint=seen, checked_at=now.isoformat(), trained_at=now.isoformat(),
                  last=entry, history=(status.get("history", []) + [entry])[-HISTORY_KEPT:])
    _write_status(town.slug, status)
    return {"municipality": town.slug, "trained": True, "switched": switched,
            "rule": report.get("rule")}


def retrain_all(app, now=None) -> list[dict]:
    """The scheduler's weekly job: retrain every municipality that has something new.

    Each municipality is trained on its own session; a failure is logged as a warning and
    leaves that municipality's model and status as they were."""
    now = now or utcnow()
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    done = []
    with app.app_context():
        with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
            towns = session.exec(select(Municipality).order_by(Municipality.id)).all()
        in_use = _models_in_use(towns)
        for town in towns:
            others = [pair for mid, pair in in_use.items() if mid != town.id]
            with scoped_session(app.extensions["engine"], town.id) as session:
                try:
                    done.append(retrain_municipality(app, session, town, now, others))
                except Exception as err:  # noqa: BLE001 - any failure must leave things as they were
                    log.warning("Retraining the suggestion model of %s failed (%s: %s); "
                                "the model in use stays.", town.slug, type(err).__name__, err)
                    done.append({"municipality": town.slug, "trained": False, "why": "failed"})
    return done


def rollback(slug: str) -> bool:
    """Put the previous model back in use; False when there is none."""
    previous = previous_path(slug)
    if not os.path.exists(previous):
        return False
    os.replace(previous, engine.model_path(slug))
    status = read_status(slug)
    status.update(in_use_since=utcnow().isoformat(), model="previous (rolled back)")
    _write_status(slug, status)
    return True


def schedule(config) -> tuple[dict, timedelta]:
    """Return (interval, delay of the first run) of the retraining, from the config."""
    return ({"days": config.get("MATCHER_RETRAIN_DAYS", 7)},
            timedelta(minutes=config.get("MATCHER_RETRAIN_FIRST_MINUTES", 10)))


def init_app(app) -> None:
    """Offer the weekly retraining to the scheduler process (it runs beside the sender, never
    in its way: see web.scheduling.runner)."""
    app.extensions.setdefault("scheduler_jobs", []).append(
        {"name": "retrain", "job": retrain_all, "schedule": schedule})
