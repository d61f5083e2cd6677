"""Demo support for the role models: the fund's budget and applications, topics wished for at
learning meetings, and (in Stevns) a café's free coffee for a pair's first meeting."""
from datetime import timedelta

from sqlmodel import select

from models import (
    Event, EventKind, FundApplication, FundBudget, FundStatus, LearningTopic, Match, MatchStatus,
    TopicVote, today,
)

from .dates import at, days_ago

BUDGETS = {"stevns": 15_000, "hedensted": 10_000}
COFFEE = {"stevns": ("Café Klinten i Store Heddinge giver jer hver en gratis kop kaffe til jeres "
                     "første møde. Vis koden ved disken.", "ROLLE-KAFFE")}
# (purpose, kroner, the activity in the role model's words, days ago, status)
APPLICATIONS = [
    ("gym", 600, "Fitnesskort i tre måneder, så vi kan træne sammen to gange om ugen.", 70,
     FundStatus.APPROVED),
    ("culture", 240, "To billetter til Danmarks Borgcenter i Vordingborg.", 40, FundStatus.APPROVED),
    ("sport", 900, "Kontingent til fodboldklubbens efterårssæson.", 25, FundStatus.DECLINED),
    ("transport", 180, "Togbilletter til uddannelsesmessen i Køge.", 2, FundStatus.PENDING),
]
DECLINED_MESSAGE = "Puljen dækker ikke kontingenter i år. Spørg klubben om et fritidspas."
APPROVED_MESSAGE = "Godkendt. Send kvitteringen til mig, så bliver pengene sat ind på din konto."
# (topic, details, how many vote for it)
TOPICS = [
    ("Hvordan taler jeg om job uden at presse?", "", 6),
    ("Når den unge ikke svarer på beskeder", "Hvor længe venter man, og hvad skriver man?", 5),
    ("Besøg på erhvervsskolen", "", 4),
    ("Penge og gæld: hvor kan vi få hjælp?", "", 3),
    ("Angst og ensomhed hos unge", "Et oplæg fra en psykolog", 2),
]


def make_support(session, rnd, muni, coordinator, volunteers) -> None:
    """Create the municipality's fund, its applications and the topics wished for."""
    muni.first_meeting_offer, muni.first_meeting_code = COFFEE.get(muni.slug, ("", None))
    _fund(session, rnd, muni, coordinator, volunteers)
    _topics(session, rnd, muni, volunteers)


def _fund(session, rnd, muni, coordinator, volunteers) -> None:
    """This year's budget and a few applications from role models with a young person."""
    session.add(FundBudget(municipality_id=muni.id, year=today().year, amount=BUDGETS[muni.slug],
                           set_by_id=coordinator.id, updated_at=at(days_ago(80), 9)))
    paired = set(session.exec(select(Match.volunteer_id).where(
        Match.municipality_id == muni.id, Match.status == MatchStatus.ACTIVE)).all())
    applicants = [v for v in volunteers if v.id in paired]
    for (purpose, amount, text, ago, status), v in zip(APPLICATIONS, rnd.sample(applicants, 4)):
        # Decided within this year, so the demo's spending shows whatever the date.
        applied = max(days_ago(ago), today().replace(month=1, day=1))
        decided = min(applied + timedelta(days=2), today())
        a = FundApplication(municipality_id=muni.id, volunteer_id=v.id, purpose=purpose,
                            amount=amount, description=text, status=status,
                            created_at=at(applied, 20))
        if status != FundStatus.PENDING:
            a.decided_at, a.decided_on, a.decided_by_id = at(decided, 10), decided, coordinator.id
            a.message = APPROVED_MESSAGE if status == FundStatus.APPROVED else DECLINED_MESSAGE
        session.add(a)


def _topics(session, rnd, muni, volunteers) -> None:
    """Topics the role models wish for; the past learning meeting took up the first one."""
    active = [v for v in volunteers if v.user_id]
    past = session.exec(select(Event).where(
        Event.municipality_id == muni.id, Event.kind == EventKind.LEARNING,
        Event.starts_at < at(today(), 0))).first()
    for i, (title, details, votes) in enumerate(TOPICS):
        voters = rnd.sample(active, min(votes, len(active)))
        topic = LearningTopic(municipality_id=muni.id, title=title, details=details,
                              suggested_by_id=voters[0].id, created_at=at(days_ago(60 - 9 * i), 19),
                              covered_by_event_id=past.id if i == 0 and past else None)
        session.add(topic)
        session.flush()
        session.add_all([TopicVote(municipality_id=muni.id, topic_id=topic.id, volunteer_id=v.id,
                                   created_at=topic.created_at) for v in voters])
