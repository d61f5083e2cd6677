"""Message texts name nobody: no names of the other person, whatever the message."""
from datetime import date, timedelta

from sqlmodel import select

from models import (
    Event, EventInvite, EventKind, HotlineRequest, Notification, Proposal, ProposalStatus, utcnow,
)
from web.scheduling import messages

from .conftest import local, sweep


def test_no_message_names_anyone(db, world, sender, inbox):
    match, volunteer, vu, citizen, cu = world.pair(
        date(2026, 5, 1), volunteer_name="Poul Poulsen", citizen_name="Sara Jensen")
    proposal = Proposal(municipality_id=world.town.id, citizen_id=citizen.id,
                        status=ProposalStatus.CHOSEN, chosen_volunteer_id=volunteer.id)
    hotline = HotlineRequest(municipality_id=world.town.id, volunteer_id=volunteer.id,
                             urgent=True, text="Sara har det svært", answer="Ring til mig",
                             answered_at=utcnow())
    event = Event(municipality_id=world.town.id, kind=EventKind.LEARNING, title="Oplæg ved Hanne",
                  starts_at=local(2026, 6, 20, 17), created_at=local(2026, 4, 1))
    db.add_all([proposal, hotline, event])
    db.flush()
    db.add(EventInvite(municipality_id=world.town.id, event_id=event.id,
                       volunteer_id=volunteer.id))
    match.ended_on = date(2026, 6, 1)
    db.commit()
    for notify, obj in ((messages.notify_proposal_sent, proposal),
                        (messages.notify_choice_made, proposal),
                        (messages.notify_match_started, match),
                        (messages.notify_hotline_urgent, hotline),
                        (messages.notify_hotline_answered, hotline),
                        (messages.notify_volunteer_paused, volunteer),
                        (messages.notify_volunteer_resumed, volunteer),
                        (messages.notify_match_ended, match)):
        assert notify(db, obj) >= 1, notify.__name__
    db.commit()
    for day in (10, 14, 30, 43, 49):
        sweep(db, local(2026, 5, 1) + timedelta(days=day))
    kinds = {n.kind for n in db.exec(select(Notification))}
    assert kinds >= {"prompt1", "prompt2", "risk", "invite", "remind7", "remind1",
                     "proposal_sent", "choice_made", "match_started", "match_ended",
                     "hotline_answered", "hotline_urgent", "volunteer_paused"}
    stats = sender.send_due(db, utcnow() + timedelta(days=1))
    assert stats["failed"] == stats["retry"] == 0, stats
    assert len(inbox.messages) == db.exec(select(Notification)).all().__len__()
    for msg in inbox.messages:
        text = msg["Subject"] + msg.get_payload()
        for word in ("Poul", "Poulsen", "Sara", "Jensen", "Hanne", "svært", "Ring til mig"):
            assert word not in text, (msg["Subject"], word)
