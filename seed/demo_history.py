"""Demo proposals, matches and meeting logs for one municipality: a network that has run a while."""
from datetime import timedelta

from models import Match, MatchStatus, Meeting, Proposal, ProposalOption, ProposalStatus, Stage

from .dates import at, days_ago
from .fit import fit

ACTIVE_PAIRS = 8
# Days since the last logged meeting for each active pair: most on track, one late, one at risk.
LAST_MEETING = [3, 6, 9, 2, 11, None, 20, 35]  # None: a pair that started last week, not met yet
FORMS = ["in_person"] * 6 + ["activity"] * 3 + ["remote"] * 2
DURATIONS = [30, 45, 60, 60, 90, 90, 120, 180]


class History:
    """Builds one municipality's matching history, keeping track of role models' free places."""

    def __init__(self, session, rnd, muni, coordinator, volunteers, active_on):
        """Start from the municipality's volunteers, with every active one's places free."""
        self.session, self.rnd, self.muni, self.coordinator = session, rnd, muni, coordinator
        self.volunteers, self.active_on = volunteers, active_on
        self.places = {v.id: v.capacity for v in volunteers if v.status == Stage.ACTIVE}
        self.ended_with = {}  # citizen id -> volunteer ids they must not be shown again
        self.busy_until = {}  # volunteer id -> the day their last ended match ended

    def _stage(self, stage):
        """Return the volunteers in a stage."""
        return [v for v in self.volunteers if v.status == stage]

    def options(self, citizen, free_only=True, forced=None, latest=None):
        """Pick the 2-3 best-fitting role models for a citizen, with scores and reasons.

        With ``latest``, only role models who could have started ``latest`` days ago are picked.
        """
        banned = self.ended_with.get(citizen.id, set())
        pool = [v for v in self._stage(Stage.ACTIVE)
                if v.id not in banned and (not free_only or self.places[v.id] > 0)
                and (latest is None or self.earliest(v) <= days_ago(latest))]
        scored = sorted(((fit(citizen, v), self.rnd.random(), v) for v in pool if v is not forced),
                        key=lambda t: (-t[0][0], t[1]))
        picked = [(fit(citizen, forced), 0, forced)] if forced else []
        return [(v, s) for s, _, v in (picked + scored)[:3]]

    def proposal(self, citizen, options, status, sent, chosen=None):
        """Store a proposal sent on date ``sent`` with its options."""
        if citizen.created_at > at(sent - timedelta(days=5), 13):  # registered before being proposed to
            citizen.created_at = citizen.consent_recorded_at = at(
                sent - timedelta(days=self.rnd.randint(7, 40)), 13)
        p = Proposal(
            municipality_id=self.muni.id, citizen_id=citizen.id, proposed_by_id=self.coordinator.id,
            status=status, model_label="demo", created_at=at(sent - timedelta(days=1), 14),
            sent_at=at(sent, 10), expires_at=at(sent + timedelta(days=self.muni.proposal_expiry_days), 10),
            chosen_volunteer_id=chosen.id if chosen else None,
        )
        if status != ProposalStatus.OPEN:
            p.shown_at, p.decided_at = at(sent, 16), at(sent + timedelta(days=2), 18)
        self.session.add(p)
        self.session.flush()
        for pos, (v, (score, reasons)) in enumerate(options):
            self.session.add(ProposalOption(municipality_id=self.muni.id, proposal_id=p.id,
                                            volunteer_id=v.id, position=pos, score=score, reasons=reasons))
        return p

    def match(self, citizen, volunteer, start, proposal_options=None, **kw):
        """Store a chosen proposal and the match it started on ``start``."""
        options = proposal_options or self.options(citizen, free_only=False, forced=volunteer)
        p = self.proposal(citizen, options, ProposalStatus.CHOSEN, start - timedelta(days=9), volunteer)
        m = Match(municipality_id=self.muni.id, citizen_id=citizen.id, volunteer_id=volunteer.id,
                  proposal_id=p.id, started_on=start, created_at=p.decided_at, **kw)
        if m.status == MatchStatus.ENDED:
            m.ended_by_id, m.ended_by_role = self.coordinator.id, "coordinator"
            self.ended_with.setdefault(citizen.id, set()).add(volunteer.id)
            self.busy_until[volunteer.id] = max(m.ended_on, self.busy_until.get(volunteer.id, m.ended_on))
        elif volunteer.id in self.places:
            self.places[volunteer.id] -= 1
        self.session.add(m)
        self.session.flush()
        return m

    def meetings(self, match, last, first=None):
        """Log meetings every 5-14 days, the last one on ``last``, none before the start."""
        first = first or match.started_on + timedelta(days=self.rnd.randint(2, 6))
        weekly = self.rnd.random() < 0.3  # some pairs meet every week
        day = last
        while day >= first:
            self.session.add(Meeting(
                municipality_id=self.muni.id, match_id=match.id, volunteer_id=match.volunteer_id,
                held_on=day, duration_minutes=self.rnd.choice(DURATIONS), form=self.rnd.choice(FORMS),
                created_at=at(day, 20),
            ))
            day -= timedelta(days=self.rnd.randint(5, 9) if weekly else self.rnd.randint(7, 14))

    def earliest(self, volunteer):
        """Return the first day this volunteer could start a new pair."""
        first = self.active_on[volunteer.id] + timedelta(days=7)
        if volunteer.capacity == 1 and volunteer.id in self.busy_until:
            first = max(first, self.busy_until[volunteer.id] + timedelta(days=7))
        return max(first, days_ago(300))

    def start_day(self, volunteer, not_before=None, latest=45):
        """Pick a plausible start day after the volunteer became active and was free."""
        earliest = max(self.earliest(volunteer), not_before or days_ago(300))
        span = max(0, (days_ago(latest) - earliest).days)
        return earliest + timedelta(days=self.rnd.randint(0, span))
