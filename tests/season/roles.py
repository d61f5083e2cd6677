"""The people of the season, each acting through the HTTP interface with their own client."""
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import select

from models import Citizen, Proposal, ProposalOption, ProposalStatus, User, Volunteer

PASSWORD = "kaffe-kopper-cykel-9"  # every role model chooses this one with their link


def csrf(page: str) -> str:
    """The CSRF token of a page's first form."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


class Browser:
    """One person's test client: pages, forms with their CSRF token, and logging in."""

    def __init__(self, app):
        self.app, self.client, self.token = app, app.test_client(), None

    def get(self, url: str):
        """Open a page (redirects followed); fail on a server error."""
        response = self.client.get(url, follow_redirects=True)
        assert response.status_code < 500, (url, response.status_code)
        return response

    def csrf(self) -> str:
        """This session's CSRF token (the clock stands still within a day, so it stays good)."""
        if self.token is None:
            page = self.client.get("/", follow_redirects=True).get_data(as_text=True)
            if 'name="csrf_token"' not in page:
                page = self.client.get("/login").get_data(as_text=True)
            self.token = csrf(page)
        return self.token

    def post(self, url: str, data=None, expect=(200, 302), **kw):
        """Post a form with the session's CSRF token; fail on anything unexpected."""
        data = {"csrf_token": self.csrf(), **(data or {})}
        response = self.client.post(url, data=data, **kw)
        assert response.status_code in expect, (url, response.status_code,
                                                response.get_data(as_text=True)[-1500:])
        return response

    def fresh(self) -> None:
        """Start a new browser session."""
        self.client, self.token = self.app.test_client(), None

    def login(self, email: str, password: str = PASSWORD) -> None:
        """Log in with the form (a new day's session: the idle time-out ended yesterday's)."""
        self.fresh()
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[-800:]
        self.token = None  # a login starts a new session

    def follow_link(self, path: str) -> None:
        """Open a single-use link and press its button (login or password link)."""
        self.fresh()
        page = self.client.get(path).get_data(as_text=True)
        self.token = csrf(page)

    def press_link(self, path: str, data=None):
        """Open a single-use link and send its form."""
        self.follow_link(path)
        response = self.post(path, data)
        self.token = None
        return response


@dataclass
class Person:
    """What the season remembers about one person beyond the database."""

    id: int
    name: str
    rhythm: int = 0  # role model: days between meetings (0: quiet, they stop meeting)
    joined: date | None = None
    extra: dict = field(default_factory=dict)


class Coordinator(Browser):
    """The municipality's coordinator: recruits, registers, proposes, follows and ends."""

    def __init__(self, app, user: User):
        super().__init__(app)
        self.user = user

    def start_day(self) -> None:
        """Log in for the day."""
        self.login(self.user.email)

    def move(self, volunteer_id: int, stage: str, on: date, **extra) -> None:
        """Move a role model to a step."""
        self.post(f"/volunteers/{volunteer_id}/move",
                  {"stage": stage, "on_date": on.isoformat(), **extra})

    def password_link(self, volunteer_id: int) -> str:
        """Make the role model's link to choose a password; return its path."""
        page = self.post(f"/volunteers/{volunteer_id}/access").get_data(as_text=True)
        return re.search(r'value="http[^"]*(/adgang/[^"]+)"', page).group(1)

    def login_link(self, citizen_id: int) -> str:
        """Make a young person's login link; return its path."""
        page = self.post(f"/citizens/{citizen_id}/login-link").get_data(as_text=True)
        return re.search(r'value="http[^"]*(/l/[^"]+)"', page).group(1)

    def home(self) -> str:
        """The coordinator's home page."""
        return self.get("/coordinator").get_data(as_text=True)


def open_options(db, citizen_id: int) -> list[ProposalOption]:
    """The options of the young person's open proposal (what their cards show)."""
    proposal = db.exec(select(Proposal).where(Proposal.citizen_id == citizen_id,
                                              Proposal.status == ProposalStatus.OPEN)).first()
    if proposal is None:
        return []
    return db.exec(select(ProposalOption).where(ProposalOption.proposal_id == proposal.id)
                   .order_by(ProposalOption.position)).all()


def volunteer_email(db, volunteer_id: int) -> str:
    """A role model's login e-mail."""
    return db.get(Volunteer, volunteer_id).email


def citizen_by_name(db, name: str) -> Citizen:
    """A young person by name."""
    return db.exec(select(Citizen).where(Citizen.name == name)).one()


def moment(day: date, hour: int, zone) -> datetime:
    """A Copenhagen wall-clock time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)
