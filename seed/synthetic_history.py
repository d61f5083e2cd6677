"""Synthetic history: chosen, open and declined proposals, live and ended pairs, meeting logs."""
from datetime import timedelta

from models import END_REASONS, MatchStatus, Meeting, Proposal, ProposalOption, ProposalStatus
from models import Match

from . import bulk
from .dates import at, days_ago

# Reasons as the engine gives them: codes and values (web/matching/reasons.py writes them).
REASONS = [{"code": "interests", "items": ["fodbold"]}, {"code": "work_area", "area": "byggefagene"},
           {"code": "near"}, {"code": "availability", "slots": ["weekend"]},
           {"code": "languages", "languages": ["ar"]}, {"code": "experience", "matches": 1},
           {"code": "distance", "km": 6}, {"code": "work_area", "area": "køkkenet"}]
FORMS = ["in_person", "in_person", "in_person", "activity", "remote"]
PAUSED_SHARE = 0.03


def make_history(session, rnd, *, mid, coordinator_id, vol_ids, cit_ids, active, pairs, free,
                 meetings_per_pair, counts) -> None:
    """Insert proposals, matches and meetings for one municipality (indices point into the id lists)."""
    k = meetings_per_pair
    busy = {c for _, c in pairs}
    waiting = [c for c in range(len(cit_ids)) if c not in busy]
    ended, paired = [], set(pairs)
    for _ in range(len(pairs) // 4):
        v, c = rnd.choice(active), rnd.randrange(len(cit_ids))
        if (v, c) not in paired:
            ended.append((v, c))
    proposals, options, matches = [], [], []
    for n, (v, c) in enumerate(pairs + ended):
        live = n < len(pairs)
        last, start = _dates(rnd, k, live)
        status = (MatchStatus.PAUSED if rnd.random() < PAUSED_SHARE else MatchStatus.ACTIVE) \
            if live else MatchStatus.ENDED
        proposals.append(_proposal(mid, cit_ids[c], coordinator_id, ProposalStatus.CHOSEN,
                                   start - timedelta(days=9), vol_ids[v]))
        options.append(_with_others(rnd, v, active))
        matches.append({
            "municipality_id": mid, "citizen_id": cit_ids[c], "volunteer_id": vol_ids[v],
            "status": status, "started_on": start, "created_at": at(start - timedelta(days=7), 12),
            "paused_at": at(last, 12) if status == MatchStatus.PAUSED else None,
            "ended_on": last + timedelta(days=rnd.randint(0, 10)) if not live else None,
            "end_reason": rnd.choice(END_REASONS) if not live else None,
            "ended_by_id": coordinator_id if not live else None,
            "ended_by_role": "coordinator" if not live else None, "_last": last,
        })
    _open_and_declined(rnd, mid, coordinator_id, vol_ids, cit_ids, active, waiting, free,
                       proposals, options)
    proposal_ids = bulk.insert(session, Proposal, proposals, ids=True)
    option_rows = [
        {"municipality_id": mid, "proposal_id": pid, "volunteer_id": vol_ids[v], "position": pos,
         "score": round(rnd.uniform(0.3, 0.95), 2), "reasons": rnd.sample(REASONS, rnd.randint(2, 3))}
        for pid, vs in zip(proposal_ids, options) for pos, v in enumerate(vs)
    ]
    bulk.insert(session, ProposalOption, option_rows)
    lasts = [m.pop("_last") for m in matches]
    for m, pid in zip(matches, proposal_ids):
        m["proposal_id"] = pid
    match_ids = bulk.insert(session, Match, matches, ids=True)
    meetings = [row for mid_, m, last in zip(match_ids, matches, lasts)
                for row in _meetings(rnd, mid, mid_, m["volunteer_id"], last, k)]
    bulk.insert(session, Meeting, meetings)
    statuses = [m["status"] for m in matches]
    counts.update(proposals=len(proposals), proposal_options=len(option_rows), meetings=len(meetings),
                  matches_active=statuses.count(MatchStatus.ACTIVE),
                  matches_paused=statuses.count(MatchStatus.PAUSED),
                  matches_ended=statuses.count(MatchStatus.ENDED))


def _with_others(rnd, chosen: int, active: list[int]) -> list[int]:
    """Return the chosen (active) volunteer and up to two other active ones shown beside them."""
    shown = [chosen]
    while len(shown) < min(3, len(active)):
        other = rnd.choice(active)
        if other not in shown:
            shown.append(other)
    return shown


def _dates(rnd, k: int, live: bool):
    """Return (last meeting day, start day): most pairs on track, some late, a few at risk."""
    if live:
        roll = rnd.random()
        gap = rnd.randint(0, 13) if roll < 0.85 else rnd.randint(15, 27) if roll < 0.95 else rnd.randint(28, 60)
    else:
        gap = rnd.randint(20, 400)
    last = days_ago(gap)
    return last, last - timedelta(days=max(k - 1, 0) * 14 + rnd.randint(3, 30))


def _proposal(mid, citizen_id, coordinator_id, status, sent, chosen_id=None) -> dict:
    """Return one proposal row, sent on ``sent``."""
    decided = status != ProposalStatus.OPEN
    return {
        "municipality_id": mid, "citizen_id": citizen_id, "proposed_by_id": coordinator_id,
        "status": status, "model_label": "synthetic", "created_at": at(sent - timedelta(days=1), 14),
        "sent_at": at(sent, 10), "shown_at": at(sent, 16) if decided else None,
        "expires_at": at(sent + timedelta(days=7), 10),
        "decided_at": at(sent + timedelta(days=2), 18) if decided else None,
        "chosen_volunteer_id": chosen_id,
    }


def _open_and_declined(rnd, mid, coordinator_id, vol_ids, cit_ids, active, waiting, free,
                       proposals, options) -> None:
    """Add open proposals (holding free places only) and declined ones for waiting citizens."""
    rnd.shuffle(waiting)
    n_open = min(len(waiting) // 20, len(set(free)) // 3)
    pool = list(free)
    for c in waiting[:n_open]:
        picked = []
        for v in list(pool):
            if v not in picked:
                picked.append(v)
                pool.remove(v)
            if len(picked) == 3:
                break
        if len(picked) < 2:
            break
        proposals.append(_proposal(mid, cit_ids[c], coordinator_id, ProposalStatus.OPEN,
                                   days_ago(rnd.randint(0, 5))))
        options.append(picked)
    for c in waiting[n_open:n_open + len(waiting) // 30]:
        proposals.append(_proposal(mid, cit_ids[c], coordinator_id, ProposalStatus.DECLINED,
                                   days_ago(rnd.randint(10, 200))))
        options.append(rnd.sample(active, min(3, len(active))))


def _meetings(rnd, mid, match_id, volunteer_id, last, k) -> list[dict]:
    """Return ``k`` meeting rows, 7-14 days apart, the last on ``last``."""
    rows, day = [], last
    for _ in range(k):
        rows.append({"municipality_id": mid, "match_id": match_id, "volunteer_id": volunteer_id,
                     "held_on": day, "duration_minutes": rnd.choice((45, 60, 90, 120)),
                     "form": rnd.choice(FORMS), "private_note": None, "created_at": at(day, 20)})
        day -= timedelta(days=rnd.randint(7, 14))
    return rows
