"""The role models' and the young people's part of each day, and the day itself."""
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from models import Event, EventInvite, Match, MatchStatus, Meeting, Notification, Stage
from models import Volunteer
from web.scheduling.answer_links import token_hash
from web.scheduling.runner import run_retention, run_send, run_sweep

from .roles import Browser, moment, open_options
from .season import Season

CPH = ZoneInfo("Europe/Copenhagen")
PAUSES = {40: 21, 125: 18}  # season day -> how long a role model pauses


class Network(Season):
    """A season with everyone in it: ``live`` plays one whole day."""

    def live(self, day: date, n: int, clock, sender) -> list[Notification]:
        """Play day ``n`` of the season; return the messages the scheduler queued."""
        self.today, self.made_today = day, set()
        clock.move_to(moment(day, 8, CPH))
        if n % 4 == 0 and n < 60:
            self.sign_up(day)
        if day.weekday() < 5:
            self.coordinator_day(day, n)
        self.young_people(day)
        self.role_models(day, n)
        clock.move_to(moment(day, 10, CPH))
        before = self.db.exec(select(Notification.id).order_by(Notification.id.desc())).first() or 0
        run_sweep(self.app)
        run_send(self.app, sender)
        run_retention(self.app)
        self.db.expire_all()
        return self.db.exec(select(Notification).where(Notification.id > before)).all()

    # ---- young people ----

    def young_people(self, day: date) -> None:
        """Each young person whose day to answer has come opens their link and answers."""
        for cid, (when, what) in list(self.answers.items()):
            if when != day:
                continue
            del self.answers[cid]
            options = open_options(self.db, cid)
            if not options or what == "ignore":
                self.story["proposals left to expire"] += bool(options)
                continue
            me = Browser(self.app)
            me.press_link(self.coordinator_link(cid))
            cards = me.get("/").get_data(as_text=True)
            assert "Vælg din rollemodel" in cards, "the link should land on the suggestions"
            if what == "choose":
                me.post(f"/choose/{options[0].id}")
                self.db.expire_all()
                match = self.db.exec(select(Match).where(Match.citizen_id == cid,
                                                         Match.status == MatchStatus.ACTIVE)).first()
                if match is not None:
                    self.next_meeting[match.id] = day + timedelta(days=self.rnd.randint(2, 6))
                    self.story["young people who chose a role model"] += 1
                    home = me.get("/citizen").get_data(as_text=True)
                    assert "Det sker nu" in home and "tel:" in home
            else:
                me.post("/choose/none", {"why": "En der også kan lide musik"})
                self.story["young people who said none fits"] += 1

    def coordinator_link(self, citizen_id: int) -> str:
        """A login link the coordinator makes and hands over (logged in for the purpose)."""
        if self.coordinator.token is None or self.today.weekday() >= 5:
            self.coordinator.start_day()
        return self.coordinator.login_link(citizen_id)

    # ---- role models ----

    def role_models(self, day: date, n: int) -> None:
        """Log the meetings each pair's rhythm brings, answer invitations, pause and return."""
        active = [vid for vid, plan in sorted(self.volunteers.items())
                  if plan.get("step") == 7 and not plan["drops"]]
        if n in PAUSES and len(active) > 1:
            self.pause(self.who_pauses(active, day, PAUSES[n]), day, PAUSES[n])
        for vid, plan in self.volunteers.items():
            if plan.get("back_on") == day:
                self.browser(vid).post("/pause/resume")
                plan["back_on"] = None
                self.story["role models back from pause"] += 1
        for m in self.db.exec(select(Match).where(Match.status == MatchStatus.ACTIVE)).all():
            due = self.next_meeting.get(m.id)
            if due is None or due > day:
                continue
            rhythm = self.volunteers[m.volunteer_id]["rhythm"]
            self.browser(m.volunteer_id).post(f"/meetings/new/{m.id}", {
                "held_on": day.isoformat(), "duration": "60", "form": "in_person",
                "note": "Snakkede om praktik"})
            self.story["meetings logged"] += 1
            quiet = rhythm == 0 and self.db.exec(select(Meeting.id).where(
                Meeting.match_id == m.id)).all().__len__() >= 2
            self.next_meeting[m.id] = None if quiet else day + timedelta(
                days=(rhythm or 7) + self.rnd.randint(-1, 1))
        self.answer_invitations(day)

    def browser(self, volunteer_id: int) -> Browser:
        """The role model's browser, logged in for today."""
        plan = self.volunteers[volunteer_id]
        if plan.get("logged_in") != self.today:
            plan["browser"] = plan.get("browser") or Browser(self.app)
            plan["browser"].login(self.db.get(Volunteer, volunteer_id).email)
            plan["logged_in"] = self.today
        return plan["browser"]

    def who_pauses(self, active: list[int], day: date, days: int) -> int:
        """The role model who takes a pause: one who said yes to a meeting inside it, if any
        (the pause page then asks about it), else the second to become active."""
        until = moment(day + timedelta(days=days), 23, CPH)
        for vid in active:
            if self.db.exec(select(EventInvite.id).join(Event).where(
                    EventInvite.volunteer_id == vid, EventInvite.answer == "yes",
                    Event.starts_at > moment(day, 8, CPH), Event.starts_at < until)).first() \
                    and self.db.get(Volunteer, vid).status == Stage.ACTIVE:
                return vid
        return active[1]

    def pause(self, vid: int, day: date, days: int) -> None:
        """A role model takes a pause; asked about a yes inside it, they say they cannot come."""
        until = (day + timedelta(days=days)).isoformat()
        me = self.browser(vid)
        page = me.post("/pause/", {"reason": "holiday", "until": until}).get_data(as_text=True)
        asked = re.findall(r'name="keep-(\d+)"', page)
        if asked:
            me.post("/pause/", {"reason": "holiday", "until": until,
                                **{f"keep-{i}": "no" for i in set(asked)}})
            self.story["yeses given back because of a pause"] += len(set(asked))
        self.db.expire_all()
        assert self.db.get(Volunteer, vid).status == Stage.PAUSED
        self.volunteers[vid]["back_on"] = day + timedelta(days=days)
        self.story["role models who paused"] += 1

    def answer_invitations(self, day: date) -> None:
        """Role models answer yesterday's invitations with the links in their e-mail."""
        for message in self.inbox.messages:
            body = message.get_payload(decode=True).decode()
            found = re.search(r"/invitations/([\w-]+)/yes", body)
            if not found or message["Message-ID"] in self.answered:
                continue
            self.answered.add(message["Message-ID"])
            token = found.group(1)
            invite = self.db.exec(select(EventInvite).where(
                EventInvite.answer_token == token_hash(token))).first()
            if invite is None or invite.answer is not None:
                continue
            answer = "yes" if self.rnd.random() < 0.75 else "no"
            Browser(self.app).press_link(f"/invitations/{token}/{answer}")
            self.db.expire_all()
            answer = self.db.get(EventInvite, invite.id).answer
            self.story[{"yes": "invitations answered yes", "no": "invitations answered no",
                        "wait": "yeses put on a waiting list"}[answer]] += 1

    @property
    def answered(self) -> set:
        """The invitation e-mails already answered."""
        if not hasattr(self, "_answered"):
            self._answered = set()
        return self._answered

