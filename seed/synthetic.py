"""Large synthetic data sets for benchmarks: one big municipality, many small ones, and their history.

Logins made in the big municipality (password ``SYNTHETIC_PASSWORD``):
``koordinator1..3@<big>.example`` (coordinators), ``frivillig1..N@<big>.example`` (volunteers in
active pairs) and ``ung1..N@<big>.example`` (citizens in active pairs; no password, like every
citizen: a coordinator makes them a login link). Each small municipality has
``koordinator@<slug>.example``.
"""
import math
import random
from collections import Counter
from dataclasses import dataclass

from sqlmodel import select

from models import Citizen, Municipality, Role, Stage, User, Volunteer
from models.passwords import hash_password

from . import bulk
from .dates import at, days_ago
from .synthetic_history import make_history
from .synthetic_people import citizen_row, statuses, towns_for, user_row, volunteer_row

SYNTHETIC_PASSWORD = "synthetic-bench-2026"


@dataclass
class Plan:
    """What to make in one municipality."""

    slug: str
    name: str
    volunteers: int
    citizens: int
    pairs: int
    big: bool


def generate(session, *, municipalities=50, volunteers=2000, citizens=5000,
             big_municipality_slug="storby", small_volunteers=40, small_citizens=100,
             pairs=None, pairs_per_municipality=None, meetings_per_pair=4, accounts=200,
             seed=0) -> dict[str, int]:
    """Bulk-insert a synthetic network and return the row counts; the caller commits.

    ``volunteers``, ``citizens`` and ``pairs`` (active pairs, default half the volunteers) size the
    big municipality; the other ``municipalities - 1`` get ``small_volunteers``, ``small_citizens``
    and ``pairs_per_municipality`` (default half their volunteers).
    """
    taken = session.exec(select(Municipality).where(Municipality.slug == big_municipality_slug)).first()
    if taken:
        raise ValueError(f"municipality {big_municipality_slug!r} exists already")
    plans = [Plan(big_municipality_slug, big_municipality_slug.title(), volunteers, citizens,
                  volunteers // 2 if pairs is None else pairs, True)]
    small_pairs = small_volunteers // 2 if pairs_per_municipality is None else pairs_per_municipality
    for n in range(1, municipalities):
        plans.append(Plan(f"{big_municipality_slug}-{n:02d}", f"Kommune {n:02d}", small_volunteers,
                          small_citizens, small_pairs, False))
    for plan in plans:
        if plan.pairs > plan.citizens:
            raise ValueError(f"{plan.slug}: more active pairs ({plan.pairs}) than citizens")
    rnd = random.Random(seed)
    pw = hash_password(SYNTHETIC_PASSWORD)  # once: argon2 is slow on purpose
    ids = bulk.insert(session, Municipality, [
        {"slug": p.slug, "name": p.name, "created_at": at(days_ago(1000), 9)} for p in plans], ids=True)
    counts = Counter(municipalities=len(plans))
    for index, (plan, mid) in enumerate(zip(plans, ids)):
        _municipality(session, rnd, index, mid, plan, pw, meetings_per_pair,
                      accounts if plan.big else 0, counts)
    return dict(counts)


def _municipality(session, rnd, index, mid, plan, pw, meetings_per_pair, accounts, counts) -> None:
    """Make one municipality's coordinators, people, logins and history."""
    domain = f"{plan.slug}.example"
    coordinators = [user_row(mid, Role.COORDINATOR, f"Koordinator {k}", f"koordinator{k}@{domain}", pw)
                    for k in range(1, 4)] if plan.big else [
        user_row(mid, Role.COORDINATOR, "Koordinator", f"koordinator@{domain}", pw)]
    coordinator_ids = bulk.insert(session, User, coordinators, ids=True)
    boss = coordinator_ids[0]
    towns = towns_for(index, plan.big)
    stages = statuses(rnd, plan.volunteers)
    vrows = [volunteer_row(rnd, mid, i, s, towns, boss) for i, s in enumerate(stages)]
    active = [i for i, s in enumerate(stages) if s == Stage.ACTIVE]
    _set_capacity(rnd, vrows, active, plan.pairs)
    crows = [citizen_row(rnd, mid, i, towns, boss) for i in range(plan.citizens)]
    slots = [i for i in active for _ in range(vrows[i]["capacity"])]
    rnd.shuffle(slots)
    pair_vols, pair_cits = slots[:plan.pairs], rnd.sample(range(plan.citizens), plan.pairs)
    logins = _logins(session, mid, domain, vrows, crows, pair_vols, pair_cits, accounts, pw)
    vol_ids = bulk.insert(session, Volunteer, vrows, ids=True)
    cit_ids = bulk.insert(session, Citizen, crows, ids=True)
    counts.update(users=len(coordinators) + logins,
                  volunteers=len(vrows), citizens=len(crows))
    make_history(session, rnd, mid=mid, coordinator_id=boss, vol_ids=vol_ids, cit_ids=cit_ids,
                 active=active, pairs=list(zip(pair_vols, pair_cits)), free=slots[plan.pairs:],
                 meetings_per_pair=meetings_per_pair, counts=counts)


def _set_capacity(rnd, vrows, active, pairs) -> None:
    """Give active volunteers places enough for the pairs and a few open proposals besides."""
    if not active and pairs:
        raise ValueError("active pairs asked for, but no active volunteers")
    need = math.ceil(pairs * 1.1) + 3
    if need <= len(active) * 1.2:
        for i in active:  # the usual network: one young person each, a few take two
            vrows[i]["capacity"] = 2 if rnd.random() < 0.25 else 1
    else:  # a load-test network: every active volunteer carries many pairs
        for i in active:
            vrows[i]["capacity"] = math.ceil(need / len(active))


def _logins(session, mid, domain, vrows, crows, pair_vols, pair_cits, accounts, pw) -> int:
    """Give the first ``accounts`` volunteers and citizens in active pairs a login; count them."""
    vols = list(dict.fromkeys(pair_vols))[:accounts]
    cits = pair_cits[:accounts]
    rows = [user_row(mid, Role.VOLUNTEER, vrows[i]["name"], f"frivillig{n}@{domain}", pw)
            for n, i in enumerate(vols, 1)]
    rows += [user_row(mid, Role.CITIZEN, crows[i]["name"], f"ung{n}@{domain}", None)
             for n, i in enumerate(cits, 1)]
    ids = bulk.insert(session, User, rows, ids=True)
    for (i, uid, row) in zip(vols + cits, ids, rows):
        target = vrows[i] if row["role"] == Role.VOLUNTEER else crows[i]
        target["user_id"], target["email"] = uid, row["email"]
    return len(rows)
