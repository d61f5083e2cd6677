"""A person's copy of their data as a page to read: grouped, in words, in their language.

``gdpr.person_data`` is the full copy (the JSON download); this turns the same rows into
sections of labelled facts and short tables, with codes written as words, dates as dates
and long lists folded away. It adds the names a reader needs (their role model's first
name, an event's title) with a fixed number of queries.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from models import Citizen, Proposal, ProposalOption, Volunteer, lifecycle

from ..core import labels
from ..core.formatting import day_words, moment_words

PROFILE_FIELDS = {  # column -> label, in the order shown
    "name": _l("Name"), "email": _l("E-mail"), "phone": _l("Phone"),
    "birth_year": _l("Year of birth"), "gender": _l("Gender"), "town": _l("Town"),
    "occupation": _l("Work now"), "work_history": _l("Work before"),
    "education": _l("Education"), "interests": _l("Interests"), "leisure": _l("Free time"),
    "offers": _l("What you offer a young person"), "wishes": _l("Wishes for education or work"),
    "languages": _l("Languages"), "availability": _l("Can meet"),
    "preferred_gender": _l("Would rather have a role model who is"),
    "max_distance_km": _l("Longest distance to the role model (km)"),
    "capacity": _l("Young people at a time"), "motivation": _l("Why you want to be a role model"),
}
LEGAL = {"consent": _l("You have given your consent"),
         "public_task": _l("The job centre's public task (GDPR art. 6(1)(e))")}
PROPOSAL_OUTCOMES = {"chosen": _l("You chose %(name)s"), "declined": _l("None of them fitted you"),
                     "expired": _l("The time to choose ran out"), "cancelled": _l("Withdrawn"),
                     "open": _l("You can choose now"), "draft": _l("Being prepared")}
ANSWERS = {"yes": _l("Yes"), "no": _l("No"), "wait": _l("On the waiting list"), None: _l("Not answered")}


@dataclass
class Group:
    """One thing within a section: a heading, labelled facts and/or a small table."""

    title: str = ""
    facts: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    folded: bool = False  # a long table starts closed


@dataclass
class Section:
    """One part of the copy, with its heading."""

    key: str
    title: str
    groups: list = field(default_factory=list)
    empty: str = ""


class Words:
    """Writes stored values the way people read them (dates once per request's language)."""

    def __init__(self):
        self.day, self.moment = day_words(), moment_words()

    def when(self, value) -> str:
        """A date, or a moment as its date and time."""
        if not value:
            return "—"
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        if isinstance(value, datetime):
            return self.moment(value)
        return self.day(value)

    def value(self, column: str, value) -> str:
        """One profile value in words."""
        if value in (None, "", [], {}):
            return "—"
        if column in ("gender", "preferred_gender"):
            return str(labels.GENDERS.get(value, value))
        if column == "availability":
            return ", ".join(str(labels.AVAILABILITY.get(v, v)) for v in value)
        if isinstance(value, list):
            return ", ".join(value)
        return str(value)

    def yes_no(self, value) -> str:
        """True, False or None as words."""
        return _("Yes") if value else _("No")


def profile_facts(words: Words, profile: dict) -> list:
    """The profile's fields that are there, labelled."""
    return [(PROFILE_FIELDS[c], words.value(c, profile[c])) for c in PROFILE_FIELDS
            if c in profile and profile[c] not in (None, "", [])]


def account_section(words: Words, account: dict) -> Section:
    """How the person logs in and hears from the service."""
    channels = [str(n) for n, on in ((_l("e-mail"), account["notify_email"]),
                                     (_l("text message"), account["notify_sms"])) if on]
    facts = [(_l("E-mail"), account["email"] or "—"), (_l("Phone"), account["phone"] or "—"),
             (_l("Language"), "Dansk" if account["language"] == "da" else "English"),
             (_l("Messages by"), ", ".join(channels) or "—"),
             (_l("Created"), words.when(account["created_at"])),
             (_l("Last logged in"), words.when(account["last_login_at"]))]
    return Section("account", labels.GDPR_SECTIONS["account"], [Group(facts=facts)])


def volunteer_sections(db, words: Words, data: dict) -> list[Section]:
    """A role model's copy: profile, checks and training, steps, pairs, meetings, hotline,
    invitations (two queries for names)."""
    me = data["role_model_profile"]
    checks = [
        (_l("Status"), str(labels.STAGES.get(me["status"], me["status"]))
         + (f" ({_('back %(d)s', d=words.when(me['pause_until']))})" if me["pause_until"] else "")),
        (_l("Child certificate (børneattest)"), _check(words, me, "child")),
        (_l("Criminal record certificate (straffeattest)"), _check(words, me, "criminal")),
        (_l("Training days"), ", ".join(words.when(me[d]) for d in
                                        ("training_day1_on", "training_day2_on") if me[d]) or "—"),
        (_l("Photo"), _("Yes") if me["photo"] else _("No")),
        (_l("Consent to store your data"), words.when(me["consent_at"])),
    ]
    young = dict(db.exec(select(Citizen.id, Citizen.name).where(
        Citizen.id.in_([m["citizen_id"] for m in data["matches"]]))).all())
    return [
        Section("role_model_profile", labels.GDPR_SECTIONS["role_model_profile"],
                [Group(facts=profile_facts(words, me)), Group(_("Checks and training"), checks)]),
        Section("steps", labels.GDPR_SECTIONS["steps"], [Group(
            columns=[_("Date"), _("Step")], folded=len(data["steps"]) > 8,
            rows=[[words.day(datetime.fromisoformat(s["at"])),
                   str(labels.STAGES.get(s["stage"], s["stage"]))
                   + (f" ({labels.STEP_NOTES.get(s['note'], s['note'])})" if s["note"] else "")]
                  for s in sorted(data["steps"], key=lambda s: s["at"])])]
            if data["steps"] else [], _("Nothing.")),
        Section("matches", labels.GDPR_SECTIONS["matches"], [
            _pair_group(words, m, _first(young.get(m["citizen_id"])),
                        [x for x in data["meetings"] if x["match_id"] == m["id"]])
            for m in data["matches"]], _("You have no young person yet.")),
        Section("hotline", labels.GDPR_SECTIONS["hotline"], [Group(
            columns=[_("Asked"), _("Your question"), _("Answered")],
            rows=[[words.when(h["created_at"]), h["text"], words.when(h["answered_at"])
                   if h["answered_at"] else _("Not yet")] for h in data["hotline"]],
            folded=len(data["hotline"]) > 5)] if data["hotline"] else [], _("Nothing.")),
        Section("events", labels.GDPR_SECTIONS["events"], [Group(
            columns=[_("When"), _("What"), _("Your answer"), _("Came")],
            rows=[[words.when(e["starts_at"]), e["event"], str(ANSWERS.get(e["answer"], "—")),
                   "—" if e["attended"] is None else words.yes_no(e["attended"])]
                  for e in sorted(data["events"], key=lambda e: e["starts_at"], reverse=True)],
            folded=len(data["events"]) > 6)] if data["events"] else [], _("Nothing.")),
    ]


def _check(words: Words, me: dict, which: str) -> str:
    """A certificate check in words: when, and the result."""
    on, ok = me[f"{which}_cert_checked_on"], me[f"{which}_cert_ok"]
    if not on:
        return _("Not checked yet")
    return _("Checked %(d)s: %(result)s", d=words.when(on), result=_("OK") if ok else _("Not OK"))


def _first(name: str | None) -> str:
    """The first word of a name (how the other side of a pair is shown)."""
    return name.split()[0] if name else "—"


def _pair_group(words: Words, match: dict, other: str, meetings: list | None) -> Group:
    """One pair: with whom, since when, how it stands, and (for the role model, who logs
    them) its meetings as a folded table."""
    facts = [(_l("Started"), words.when(match["started_on"])),
             (_l("Status"), str(labels.MATCH_STATES.get(match["status"], match["status"])))]
    if match["ended_on"]:
        facts += [(_l("Ended"), words.when(match["ended_on"])),
                  (_l("Why"), str(labels.END_REASONS.get(match["end_reason"], "—")))]
    if meetings is None:
        return Group(other, facts)
    facts.append((_l("Meetings logged"), str(len(meetings))))
    rows = [[words.when(m["held_on"]), str(labels.MEETING_FORMS.get(m["form"], m["form"])),
             _("%(n)d minutes", n=m["duration_minutes"])]
            for m in sorted(meetings, key=lambda m: m["held_on"], reverse=True)]
    return Group(other, facts, [_("Date"), _("How"), _("How long")] if rows else [], rows,
                 folded=True)


def citizen_sections(db, words: Words, data: dict, citizen_id: int) -> list[Section]:
    """A young person's copy: profile and where they stand, suggestions, matches (two
    queries for names and where they stand)."""
    me = data["profile"]
    state = lifecycle.states_of(db, [citizen_id]).get(citizen_id)
    stand = [(_l("Where you stand"), str(labels.CITIZEN_STATES_YOU.get(state, "—")))]
    if me["finished_on"]:
        stand.append((_l("Finished"), _("%(d)s: %(why)s", d=words.when(me["finished_on"]),
                                        why=labels.FINISHED_REASONS.get(me["finished_reason"],
                                                                        "—"))))
    stand += [(_l("Why we may store your data"), str(LEGAL.get(me["legal_basis"], "—"))),
              (_l("Recorded"), words.when(me["consent_recorded_at"]))]
    ids = [p["id"] for p in data["proposals"]]
    shown: dict[int, list[str]] = {}
    if ids:
        for pid, name in db.exec(select(ProposalOption.proposal_id, Volunteer.name)
                                 .join(Volunteer, Volunteer.id == ProposalOption.volunteer_id)
                                 .where(ProposalOption.proposal_id.in_(ids))
                                 .order_by(ProposalOption.position)):
            shown.setdefault(pid, []).append(_first(name))
    chosen = dict(db.exec(select(Proposal.id, Volunteer.name)
                          .join(Volunteer, Volunteer.id == Proposal.chosen_volunteer_id)
                          .where(Proposal.id.in_(ids))).all()) if ids else {}
    proposals = [[words.day(datetime.fromisoformat(p["sent_at"] or p["created_at"])),
                  ", ".join(shown.get(p["id"], [])),
                  _outcome(p, _first(chosen.get(p["id"])))
                  + (f" — {_('you wrote')}: {p['decline_reason']}" if p["decline_reason"] else "")]
                 for p in data["proposals"] if p["status"] != "draft"]
    names = dict(db.exec(select(Volunteer.id, Volunteer.name).where(
        Volunteer.id.in_([m["volunteer_id"] for m in data["matches"]]))).all())
    return [
        Section("profile", labels.GDPR_SECTIONS["profile"],
                [Group(facts=profile_facts(words, me)), Group(_("Your time in Rollemodel"), stand)]),
        Section("proposals", labels.GDPR_SECTIONS["proposals"], [Group(
            columns=[_("When"), _("Role models"), _("What happened")], rows=proposals)]
            if proposals else [], _("Nothing.")),
        Section("matches", labels.GDPR_SECTIONS["matches"], [
            _pair_group(words, m, _first(names.get(m["volunteer_id"])), None)
            for m in data["matches"]], _("You have no role model yet.")),
        Section("check_ins", labels.GDPR_SECTIONS["check_ins"], [Group(facts=[(
            _("Who sees them"),
            _("Only you see these. Your role model never does, and the job centre only counts "
              "them all together — unless you share one when you ask to talk."))]), Group(
            columns=[_("When"), _("You answered")],
            rows=[[words.when(c["answered_at"]), str(labels.CHECK_IN_ANSWERS.get(c["answer"],
                                                                                 c["answer"]))]
                  for c in data.get("check_ins", [])])] if data.get("check_ins") else [],
            _("Nothing.")),
        Section("contact_requests", labels.GDPR_SECTIONS["contact_requests"], [Group(
            columns=[_("When"), _("What"), _("Answered")],
            rows=[[words.when(r["created_at"]),
                   _("A role model again") if r["kind"] == "again" else _("Talk to someone"),
                   words.when(r["handled_at"]) if r["handled_at"] else _("Not yet")]
                  for r in data["contact_requests"]])] if data.get("contact_requests") else [],
            _("Nothing.")),
    ]


def _outcome(proposal: dict, chosen: str) -> str:
    """What came of a proposal, in words."""
    text = PROPOSAL_OUTCOMES.get(proposal["status"], proposal["status"])
    return str(text) % {"name": chosen} if proposal["status"] == "chosen" else str(text)


def access_rows(data: dict) -> list[dict]:
    """Who looked at the person's data, with the moments in words."""
    words = Words()
    return [dict(e, at=words.when(e["at"])) for e in data["access_log"]]


def sections(db, user, data: dict, profile) -> list[Section]:
    """Every section of a person's copy, for the page."""
    words = Words()
    found = [account_section(words, data["account"])]
    if "role_model_profile" in data:
        found += volunteer_sections(db, words, data)
    elif "profile" in data:
        found += citizen_sections(db, words, data, profile.id)
    return found

