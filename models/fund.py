"""The fund (puljen): the year's budget, what is spent and left, and the rules for applying.

An approved amount is spent in the year and month of its approval. Applications that wait
for an answer hold their amount, so what is left is the budget minus what is approved and
what is waiting; an application for more than that is refused. The budget row is locked
while an application or a decision checks it, so two at once cannot spend the same kroner.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, func, select

from .matching import Match, MatchStatus
from .people import Citizen
from .support import FundApplication, FundBudget, FundStatus

MAX_AMOUNT = 10_000  # kroner per application: the fund is for small things
MIN_NAME = 2  # name parts shorter than this are not looked for in a description


@dataclass(frozen=True)
class Totals:
    """One year of the fund: the budget (None: not set), approved, waiting and left, in kroner."""

    budget: int | None
    approved: int
    pending: int

    @property
    def left(self) -> int:
        """What can still be applied for."""
        return (self.budget or 0) - self.approved - self.pending


def _year(column, year: int):
    """SQL: the date ``column`` falls in ``year``."""
    return column.between(date(year, 1, 1), date(year, 12, 31))


def totals(session: Session, year: int, current_year: int, lock: bool = False) -> Totals:
    """The year's budget, approved and waiting sums (waiting ones count in the current year
    only); with ``lock`` the budget row stays locked until the transaction ends."""
    budget = select(FundBudget.amount).where(FundBudget.year == year)
    if lock:
        budget = budget.with_for_update()
    amount = session.exec(budget).first()
    approved = select(func.coalesce(func.sum(FundApplication.amount), 0)).where(
        FundApplication.status == FundStatus.APPROVED, _year(FundApplication.decided_on, year))
    pending = select(func.coalesce(func.sum(FundApplication.amount), 0)).where(
        FundApplication.status == FundStatus.PENDING)
    sums = session.exec(select(approved.scalar_subquery(), pending.scalar_subquery())).one()
    return Totals(budget=amount, approved=sums[0],
                  pending=sums[1] if year == current_year else 0)


def spending(session: Session, year: int) -> list:
    """The year's approved applications counted and summed per purpose and month (one query)."""
    month = sa.extract("month", FundApplication.decided_on)
    return session.exec(
        select(FundApplication.purpose, month.label("month"), func.count(),
               func.sum(FundApplication.amount).label("amount"))
        .where(FundApplication.status == FundStatus.APPROVED,
               _year(FundApplication.decided_on, year))
        .group_by(FundApplication.purpose, month)).all()


def set_budget(session: Session, *, municipality_id: int, year: int, amount: int, by_id: int,
               at: datetime) -> None:
    """Set the year's budget, creating its row if needed (two coordinators at once still make
    one row: the insert gives way to the other's on the unique year)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"municipality_id": municipality_id, "year": year, "amount": amount,
              "set_by_id": by_id, "updated_at": at}
    session.execute(insert(FundBudget.__table__).values(**values).on_conflict_do_update(
        index_elements=["municipality_id", "year"],
        set_={"amount": amount, "set_by_id": by_id, "updated_at": at}))


def refusal(totals_now: Totals, amount: int) -> str | None:
    """Why an application for ``amount`` cannot be made now: "closed" (no budget this year),
    "over" (more than is left), or None."""
    if not totals_now.budget:
        return "closed"
    if amount > totals_now.left:
        return "over"
    return None


def decide(application: FundApplication, *, approve: bool, by_id: int, message: str,
           at: datetime, on: date) -> None:
    """Approve or decline a waiting application, with the coordinator's message."""
    application.status = FundStatus.APPROVED if approve else FundStatus.DECLINED
    application.decided_at, application.decided_on = at, on
    application.decided_by_id = by_id
    application.message = message.strip()


def has_young_person(session: Session, volunteer_id: int) -> bool:
    """Tell whether the volunteer has a live pair: the fund is for activities with them."""
    return session.exec(select(Match.id).where(
        Match.volunteer_id == volunteer_id, Match.status.in_(MatchStatus.LIVE))).first() is not None


def young_people_names(session: Session, volunteer_id: int) -> set[str]:
    """The name parts of every young person the volunteer has been matched with (one query)."""
    names = session.exec(select(Citizen.name).join(Match, Match.citizen_id == Citizen.id)
                         .where(Match.volunteer_id == volunteer_id)).all()
    return {part for name in names for part in re.split(r"[\s-]+", name or "")
            if len(part) >= MIN_NAME and part.isalpha()}


CPR = re.compile(r"(?<!\d)\d{6}[\s-]?\d{4}(?!\d)")
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Eight digits in a row, or written in pairs (12 34 56 78); "2025 2026" is a season, not a number.
PHONE = re.compile(r"(?<!\d)(?:\+45[\s-]?)?(?:\d{8}|\d{2}(?:[\s-]\d{2}){3})(?!\d)")


def personal_detail(text: str, names: set[str]) -> tuple[str, str] | None:
    """Find an obvious personal detail in a description: ("cpr" | "email" | "phone" | "name",
    what was found), or None. Names are whole words, in any case."""
    for code, pattern in (("cpr", CPR), ("email", EMAIL), ("phone", PHONE)):
        found = pattern.search(text)
        if found:
            return code, found.group(0)
    words = {w.casefold(): w for w in re.findall(r"\w+", text)}
    for name in sorted(names, key=str.casefold):
        if name.casefold() in words:
            return "name", words[name.casefold()]
    return None
