"""Learning in the service: a real scheduler run retrains weekly, only when something new came
in, switches a model in only through the switch-in test, keeps the previous one, and a failed
training changes nothing. The clock is moved with time-machine; the scheduler is APScheduler's
own, woken after each move."""
import json
import logging
import os
import queue
import threading
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from matcher import MatchModel
from models import Proposal, ProposalOption, ProposalStatus
from web.matching import engine, learning
from web.scheduling.runner import build_scheduler, scheduler_lock
from web.scheduling.sender import Sender

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
JOBS = ["tømrer", "kok", "frisør", "elektriker", "sygeplejerske", "smed"]


@pytest.fixture
def app(app, tmp_path):
    app.config.update(MATCHER_MODEL_DIR=str(tmp_path / "models"), MATCHER_RETRAIN_FIRST_MINUTES=0,
                      SCHEDULER_SWEEP_SECONDS=10**7, SCHEDULER_SEND_SECONDS=10**7)
    return app


def _history(db, make, town, n, start, vols=None):
    """n decided proposals of three role models each; the young person picks the one with the
    job they wish for when shown, else none."""
    vols = vols or [make.ready_volunteer(town, occupation=job, town="Køge", capacity=3,
                                         interests=["fodbold"] if i % 2 else ["musik"])
                    for i, job in enumerate(JOBS * 2)]
    for i in range(n):
        wish = JOBS[i % len(JOBS)]
        cit = make.citizen(town, wishes=wish, town="Køge", interests=["fodbold"], birth_year=2008)
        shown = [vols[(i + j * 5) % len(vols)] for j in range(3)]
        picked = next((v for v in shown if v.occupation == wish), None)
        at = start + timedelta(hours=i)
        p = Proposal(municipality_id=town.id, citizen_id=cit.id, sent_at=at, shown_at=at,
                     decided_at=at + timedelta(days=1), model_label="prior v1",
                     status=ProposalStatus.CHOSEN if picked else ProposalStatus.DECLINED,
                     chosen_volunteer_id=picked.id if picked else None)
        db.add(p)
        db.flush()
        for pos, v in enumerate(shown):
            db.add(ProposalOption(municipality_id=town.id, proposal_id=p.id, volunteer_id=v.id,
                                  position=pos, score=0.5, reasons=[]))
    db.commit()
    return vols


def _status(app, slug):
    with app.app_context():
        return learning.read_status(slug)


def test_the_scheduler_retrains_weekly_when_something_new_came_in(app, db, make, town, caplog):
    vols = _history(db, make, town, 60, T0 - timedelta(days=60))
    done = queue.Queue()
    with time_machine.travel(T0, tick=True) as clock:
        lock = scheduler_lock(app.extensions["engine"])
        assert lock.try_acquire()
        lost = threading.Event()
        scheduler = build_scheduler(app, lock, lost, Sender(app.config))
        scheduler.add_listener(lambda e: done.put(e) if e.job_id == "retrain" else None,
                               EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        assert scheduler.get_job("retrain").executor == "background"  # never holds up a send
        scheduler.start()
        try:
            # 1. First look: 60 choice sets, trained, switched in through the test.
            first = done.get(timeout=300)
            assert first.exception is None and first.retval[0]["trained"] is True
            status = _status(app, town.slug)
            assert status["last"]["rule"] == "conservative"  # imported-style: no propensities
            with app.app_context():
                path = engine.model_path(town.slug)
            # The choices follow the job wish, as the prior does: the model held near the prior
            # predicts the hold-out as well as the prior, so it may switch in.
            assert first.retval[0]["switched"] is True and status["last"]["switch"] is True
            assert os.path.exists(path) and status["in_use_since"].startswith("2026-03-02")
            assert MatchModel.load(path).name.endswith("near prior")
            assert status["next_retrain"].startswith("2026-03-09")
            stamp = os.path.getmtime(path)

            # 2. A week later, nothing new: no training, nothing written but the check.
            clock.shift(timedelta(days=7, minutes=1))
            scheduler.wakeup()
            second = done.get(timeout=300)
            assert second.retval == [{"municipality": town.slug, "trained": False, "why": "nothing new"}]
            assert os.path.getmtime(path) == stamp
            assert len(_status(app, town.slug)["history"]) == 1

            # 3. New choices came in: retrained; when switched, the model before is kept.
            _history(db, make, town, 40, T0 + timedelta(days=2), vols)
            clock.shift(timedelta(days=7))
            scheduler.wakeup()
            third = done.get(timeout=300)
            assert third.retval[0]["trained"] is True
            status = _status(app, town.slug)
            assert len(status["history"]) == 2 and status["last"]["n_sets"] == 100
            assert third.retval[0]["switched"] is True
            with app.app_context():
                assert MatchModel.load(learning.previous_path(town.slug)).version == 1
            assert MatchModel.load(path).version == 2

            # 4. A failed training (the model file in use is broken) logs a warning, changes
            #    nothing, and the pages fall back to the previous model or the prior.
            _history(db, make, town, 5, T0 + timedelta(days=15), vols)
            with open(path, "wb") as fh:
                fh.write(b"not a model")
            before = json.dumps(_status(app, town.slug), sort_keys=True)
            caplog.set_level(logging.WARNING, logger="web.matching.learning")
            clock.shift(timedelta(days=7))
            scheduler.wakeup()
            fourth = done.get(timeout=300)
            assert fourth.retval == [{"municipality": town.slug, "trained": False, "why": "failed"}]
            assert "the model in use stays" in caplog.text
            assert json.dumps(_status(app, town.slug), sort_keys=True) == before
            with open(path, "rb") as fh:
                assert fh.read() == b"not a model"
            with app.app_context():
                assert engine.load_model(town.slug).version == 1  # the previous model
        finally:
            lost.set()
            scheduler.shutdown(wait=True)
            lock.release()
