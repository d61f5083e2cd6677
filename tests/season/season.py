"""Six months of one network, day by day: what each person does, through the HTTP interface.

The plan is fixed by a seeded random stream, so every run lives the same season. A weekday
has the coordinator at work (recruiting, registering, a matching round on Mondays, following
the pairs, learning meetings); every day the role models log the meetings their rhythm
brings, young people answer their suggestions, and the scheduler's jobs run at ten.
"""
import io
import random
import re
from collections import Counter
from datetime import date, timedelta

from sqlmodel import select

from models import Event, EventInvite, Match, MatchStatus, Meeting, Proposal, ProposalStatus
from models import Volunteer
from models.confidentiality import current_version

from .roles import Browser, Coordinator

TOWNS = ("Store Heddinge", "Rødvig", "Køge", "Faxe", "Hårlev")
INTERESTS = ("fodbold", "musik", "gaming", "cykling", "madlavning", "fiskeri", "tegning")
JOBS = (("Tømrer", "tømrer"), ("Sygeplejerske", "sundhed"), ("Elektriker", "elektriker"),
        ("Kok", "kok"), ("Lærer", "skole"), ("Mekaniker", "mekaniker"))
RHYTHMS = (7, 10, 13, 14, 0, 19, 12, 0, 9, 14, 11, 8)  # days between meetings; 0 goes quiet
IMPORTED = ("external_id,name,birth_year,gender,town,occupation,work_history,education,"
            "interests,leisure,offers,languages,availability,capacity,status,screened_on,"
            "trained_on\n"
            "V-0901,Gammel Liste,1961,m,Faxe,Smed,,,fiskeri,,Ro,dansk,weekend,1,active,"
            "2025-11-03,2025-11-20\n")


class Season:
    """The network's people and what they will do; ``live(day)`` plays one day."""

    def __init__(self, app, db, town, coordinator_user, inbox, seed=16):
        self.app, self.db, self.town, self.inbox = app, db, town, inbox
        self.rnd = random.Random(seed)
        self.coordinator = Coordinator(app, coordinator_user)
        self.story = Counter()
        self.volunteers: dict[int, dict] = {}  # id -> plan (rhythm, steps, pause)
        self.next_meeting: dict[int, date] = {}  # match id -> the day its role model logs one
        self.answers: dict[int, tuple[date, str]] = {}  # citizen id -> (day, choose/none/...)
        self.made_today: set[int] = set()  # proposals drafted or sent today (checked at once)
        self.events: list[int] = []
        self.signups = 0

    # ---- the coordinator's working day ----

    def coordinator_day(self, day: date, n: int) -> None:
        """What the coordinator does on a weekday."""
        c = self.coordinator
        c.start_day()
        if n == 0:
            self.import_old_list()
        for vid, plan in list(self.volunteers.items()):
            self.pipeline_step(vid, plan, day)
        if n % 6 == 3 and n < 150:
            self.register_young(day)
        if day.weekday() == 0:
            self.matching_round()
        self.follow_pairs(day)
        if n in (30, 72, 121, 156):  # weekdays, two weeks before each meeting
            self.plan_learning_meeting(day)
        self.tick_attendance(day)
        if n == 94:
            self.finish_from_the_list(day)
        if n == 108:
            self.bring_back()

    def import_old_list(self) -> None:
        """The coordinator's old spreadsheet: a role model with no e-mail or phone number."""
        c = self.coordinator
        c.post("/imports/", {"kind": "volunteers", "save": "1",
                             "file": (io.BytesIO(IMPORTED.encode()), "volunteers.csv")},
               content_type="multipart/form-data")
        self.story["role models imported without contact details"] += 1

    def sign_up(self, day: date) -> None:
        """Someone signs up on the public page (no login)."""
        self.signups += 1
        n, job = self.signups, JOBS[self.signups % len(JOBS)]
        Browser(self.app).post("/m/stevns/bliv-rollemodel", {
            "name": f"Frivillig{n} Hansen", "email": f"frivillig{n}@season.example",
            "phone": f"2030{n:04d}", "town": TOWNS[n % len(TOWNS)],
            "motivation": "Vil gerne give noget videre", "consent": "y"})
        vid = self.db.exec(select(Volunteer.id).where(
            Volunteer.email == f"frivillig{n}@season.example")).one()
        self.volunteers[vid] = {"n": n, "job": job, "since": day, "step": 0,
                                "rhythm": RHYTHMS[n % len(RHYTHMS)],
                                "drops": n == 5}
        self.story["role models signed up"] += 1

    def pipeline_step(self, vid: int, plan: dict, day: date) -> None:
        """Move a new role model one step along when its day has come."""
        c, on, age = self.coordinator, day.isoformat(), (day - plan["since"]).days
        steps = ((2, "call"), (5, "info"), (8, "interview"), (10, "screen"), (12, "train1"),
                 (15, "train2"), (16, "active"))
        if plan["step"] >= len(steps) or age < steps[plan["step"]][0]:
            return  # (one step a working day: a weekend moves the rest on by the days it took)
        step = steps[plan["step"]][1]
        plan["step"] += 1
        if step == "call":
            c.post(f"/volunteers/{vid}/call-guide", {"called_on": on, "commitment": "yes",
                                                     "info_meeting": "yes",
                                                     "availability": ["weekday_evening"]})
        elif plan["drops"] and step == "info":
            c.move(vid, "stopped", day, reason="Har alligevel ikke tid")
            plan["step"] = 7
            self.story["role models who stopped before starting"] += 1
        elif step == "info":
            c.move(vid, "info_meeting", day)
        elif step == "interview":
            job, keyword = plan["job"]
            c.post(f"/volunteers/{vid}/match-guide", {
                "held_on": on, "birth_year": str(1960 + plan["n"] * 2), "gender": "mf"[plan["n"] % 2],
                "occupation": job, "work_history": f"{keyword} i mange år",
                "interests": ", ".join(self.rnd.sample(INTERESTS, 2)), "offers": "Tid og ro",
                "capacity": "2" if plan["n"] % 3 == 0 else "1",
                "availability": ["weekday_evening", "weekend"]})
        elif step == "screen":
            for cert in ("child", "criminal"):
                c.post(f"/volunteers/{vid}/screening",
                       {"certificate": cert, "checked_on": on, "result": "ok"})
            c.move(vid, "screened", day)
        elif step in ("train1", "train2"):
            c.post(f"/volunteers/{vid}/training", {"day": step[-1], "held_on": on})
            if step == "train2":
                c.move(vid, "trained", day)
        else:
            c.move(vid, "active", day)
            link = c.password_link(vid)
            own = Browser(self.app)
            own.press_link(link, {"password": "kaffe-kopper-cykel-9",
                                  "repeat": "kaffe-kopper-cykel-9"})
            own.post("/confidentiality", {"version": current_version(), "agree": "y"})
            self.story["role models made active"] += 1

    def register_young(self, day: date) -> None:
        """Register a young person who wants a role model."""
        n = self.story["young people registered"] + 1
        job = JOBS[n % len(JOBS)][1]
        self.coordinator.post("/citizens/new", {
            "name": f"Ung{n} Jensen", "birth_year": str(day.year - 18 - n % 9), "gender": "fm"[n % 2],
            "town": TOWNS[(n * 3) % len(TOWNS)], "interests": ", ".join(self.rnd.sample(INTERESTS, 2)),
            "wishes": job, "phone": f"3030{n:04d}", "availability": ["weekday_evening", "weekend"],
            "languages": "dansk", "legal_basis": "consent", "consent": "y"})
        self.story["young people registered"] += 1

    def matching_round(self) -> None:
        """Monday: drafts for everyone waiting, then send every draft."""
        c = self.coordinator
        before = set(self.db.exec(select(Proposal.id)).all())
        c.post("/proposals/round")
        self.db.expire_all()
        drafts = self.db.exec(select(Proposal.id).where(
            Proposal.status == ProposalStatus.DRAFT)).all()
        self.made_today |= set(drafts) - before
        if drafts:
            c.post("/proposals/round/send", {"proposal": [str(p) for p in drafts]})
        self.db.expire_all()
        for pid, cid, status in self.db.exec(select(Proposal.id, Proposal.citizen_id,
                                                    Proposal.status).where(Proposal.id.in_(drafts))):
            if status == ProposalStatus.OPEN:
                self.made_today.add(pid)
                self.story["proposals sent"] += 1
                roll = self.rnd.random()
                what = "choose" if roll < 0.6 else "none" if roll < 0.8 else "ignore"
                self.answers[cid] = (self.today + timedelta(days=self.rnd.randint(1, 4)), what)

    def follow_pairs(self, day: date) -> None:
        """End pairs that went quiet or have done their work; pause and resume one."""
        c = self.coordinator
        for m in self.db.exec(select(Match).where(Match.status.in_(MatchStatus.LIVE))).all():
            last = self.last_met(m)
            age, quiet = (day - m.started_on).days, (day - last).days
            rhythm = self.volunteers.get(m.volunteer_id, {}).get("rhythm", 14)
            if m.status == MatchStatus.ACTIVE and quiet >= 30:
                then = "switch" if m.id % 2 else "finished"
                c.post(f"/matches/{m.id}/end", {"reason": "lost_contact", "ended_by": "coordinator",
                                                "then": then, "finished_reason": "no_longer_wants"})
                self.story[f"quiet pairs ended ({then})"] += 1
            elif m.status == MatchStatus.ACTIVE and age >= 100 and 0 < rhythm <= 14 \
                    and self.story["pairs completed"] < 3:
                c.post(f"/matches/{m.id}/end", {"reason": "completed", "ended_by": "coordinator",
                                                "then": "finished",
                                                "finished_reason": ("job", "education")[m.id % 2]})
                self.story["pairs completed"] += 1
            elif m.status == MatchStatus.ACTIVE and age >= 40 and not self.story["pairs paused"]:
                c.post(f"/matches/{m.id}/pause")
                self.story["pairs paused"] += 1
                self.resume_pair = (m.id, day + timedelta(days=21))
        due = getattr(self, "resume_pair", None)
        if due and due[1] <= day:
            c.post(f"/matches/{due[0]}/resume")
            self.story["pairs resumed"] += 1
            self.resume_pair = None

    def last_met(self, m: Match) -> date:
        """The pair's last meeting day (or its start)."""
        held = self.db.exec(select(Meeting.held_on).where(Meeting.match_id == m.id)
                            .order_by(Meeting.held_on.desc())).first()
        return held or m.started_on

    def plan_learning_meeting(self, day: date) -> None:
        """A learning meeting two weeks ahead for every active role model, with few places."""
        c = self.coordinator
        when = day + timedelta(days=14)
        c.post("/events/new", {"kind": "learning_meeting", "title": f"Læringsmøde {when:%d.%m}",
                               "place": "Jobcentret", "starts_at": f"{when.isoformat()}T17:00",
                               "duration_minutes": "120", "capacity": "6"})
        event_id = self.db.exec(select(Event.id).order_by(Event.id.desc())).first()
        c.post(f"/events/{event_id}/invite", {"stage": "active"})
        self.events.append(event_id)
        self.story["learning meetings planned"] += 1

    def tick_attendance(self, day: date) -> None:
        """The day after a learning meeting: tick who came (those with a place)."""
        for event_id in self.events:
            event = self.db.get(Event, event_id)
            if event.starts_at.date() == day - timedelta(days=1):
                invites = self.db.exec(select(EventInvite).where(
                    EventInvite.event_id == event_id, EventInvite.answer == "yes")).all()
                self.coordinator.post(f"/events/{event_id}/attendance",
                                      {"attended": [str(i.id) for i in invites]})
                self.story["learning meetings held"] += 1
                self.story["role models at learning meetings"] += len(invites)

    def finish_from_the_list(self, day: date) -> None:
        """Two young people waiting have moved away: finished together from the list."""
        page = self.coordinator.get("/citizens/?state=waiting").get_data(as_text=True)
        waiting = [int(x) for x in re.findall(r'name="citizen" value="(\d+)"', page)][:2]
        self.coordinator.post("/citizens/finish", {"citizen": [str(x) for x in waiting],
                                                   "reason": "moved", "on": day.isoformat()})
        self.finished_early = waiting
        self.story["young people finished from the list"] += len(waiting)

    def bring_back(self) -> None:
        """One of them came back to town: back on the waiting list."""
        if getattr(self, "finished_early", None):
            self.coordinator.post(f"/citizens/{self.finished_early[0]}/reopen")
            self.story["young people brought back"] += 1
