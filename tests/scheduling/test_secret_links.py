"""No usable secret link is stored in plain text (issue 15, point 7): an invitation's yes/no
links and a young person's login link waiting in the outbox exist only in the message sent."""
import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine
from sqlmodel import SQLModel, select

from models import Citizen, Notification, Proposal, ProposalStatus, utcnow
from web.matching.lifecycle import invite_citizen
from web.scheduling import answer_links
from web.scheduling.sender import Sender
from web.scheduling.sms import LogSms

from .conftest import sweep
from .test_events import days_before, invite


def _database_text(engine) -> str:
    """Every value of every row, as text."""
    with engine.connect() as conn:
        return "\n".join(str(v) for table in SQLModel.metadata.sorted_tables
                         for row in conn.execute(sa.select(table)) for v in row)


def test_answer_and_login_links_are_only_in_the_message_sent(app, db, world, inbox):
    inv, user = invite(db, world)
    sweep(db, days_before(30))
    young = world.make.citizen(world.town, phone="+4520304050")
    proposal = world.make._save(Proposal(municipality_id=world.town.id, citizen_id=young.id,
                                         status=ProposalStatus.OPEN, sent_at=utcnow(),
                                         expires_at=utcnow() + timedelta(days=7)))
    with app.test_request_context():
        shown = invite_citizen(db, proposal, world.coordinator)  # for the coordinator's page
    db.commit()
    login_secret = shown.rsplit("/l/", 1)[1]
    answer_secret = answer_links.token(app.config, inv.id)
    stored = _database_text(app.extensions["engine"])
    assert answer_secret not in stored and login_secret not in stored
    assert "/invitations/" not in stored and "/l/" not in stored
    queued = {n.kind: n for n in db.exec(select(Notification))}
    assert "[[answer:" in queued["invite"].body and queued["proposal_link"].link.startswith(
        "[[login:")
    sms = LogSms()
    sender = Sender(app.config, sms=sms)
    assert sender.send_due(db, days_before(30) + timedelta(minutes=1))["sent"] >= 1
    assert sender.send_due(db, utcnow() + timedelta(minutes=1))["sent"] >= 1
    mail = inbox.messages[0].get_payload(decode=True).decode()
    yes = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/yes)", mail).group(1)
    assert answer_secret in yes
    with time_machine.travel(days_before(29), tick=False):  # before the event
        assert app.test_client().get(yes).status_code == 200
    (phone, text), = sms.sent
    assert phone == "+4520304050" and login_secret in text
    login = re.search(r"https?://[^/\s]+(/l/\S+)", text).group(1)
    assert app.test_client().get(login).status_code == 200
    db.expire_all()
    assert db.get(Citizen, young.id).user_id is not None
