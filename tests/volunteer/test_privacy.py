"""A private note reaches nobody but its author: no page, export, log or table holds it."""
import logging
import re
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.routing import IntegerConverter
from sqlmodel import SQLModel, select

from models import (
    Event, EventInvite, EventKind, HotlineRequest, Meeting, Proposal, ProposalStatus, Role,
    today, utcnow,
)

from ..conftest import Auth

NOTE = "Ulla-fortalte-om-sin-hemmelighed-7c1f"
WORDS = ["funnel", "active", "survival", "rhythm", "attendance", "reasons", "headline",
         "volunteers", "citizens", "history", "matches", "meetings", "events", "hotline"]


def _arrange(auth, db, make, town, pair):
    """Log a meeting with the note and create one of every other kind of object."""
    auth.login(pair.user)
    auth.post(f"/meetings/new/{pair.match.id}", {
        "held_on": today().isoformat(), "duration": "60", "form": "in_person", "note": NOTE})
    auth.logout()
    event = Event(municipality_id=town.id, kind=EventKind.LEARNING, title="Læringsmøde",
                  starts_at=utcnow() + timedelta(days=5))
    db.add(event)
    db.flush()
    invite = EventInvite(municipality_id=town.id, event_id=event.id, volunteer_id=pair.volunteer.id)
    proposal = Proposal(municipality_id=town.id, citizen_id=pair.citizen.id,
                        status=ProposalStatus.CHOSEN)
    hotline = HotlineRequest(municipality_id=town.id, volunteer_id=pair.volunteer.id, text="Hjælp")
    db.add_all([invite, proposal, hotline])
    db.commit()
    meeting = db.exec(select(Meeting)).one()
    return {
        "citizen": pair.citizen.id, "volunteer": pair.volunteer.id, "match": pair.match.id,
        "meeting": meeting.id, "event": event.id, "invite": invite.id, "proposal": proposal.id,
        "request": hotline.id, "user": pair.user.id, "municipality": town.id,
    }


def _urls(app, ids):
    """Every GET URL of the app, filled with the ids of the objects made above."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        options = [{}]
        for arg in rule.arguments:
            key = arg.removesuffix("_id")
            if key in ids:
                choices = [ids[key]]
            elif isinstance(rule._converters.get(arg), IntegerConverter):
                choices = sorted(set(ids.values()))  # an id of a kind not made above
            else:  # a word, such as the name of an export
                choices = WORDS
            options = [dict(o, **{arg: c}) for o in options for c in choices]
        for values in options:
            yield rule.build(values, append_unknown=False)[1]


def test_the_note_reaches_no_coordinator_or_admin_page_export_or_log(
    app, client, auth, db, make, town, pair, coordinator, caplog
):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("werkzeug").setLevel(logging.DEBUG)
    ids = _arrange(auth, db, make, town, pair)
    admin = make.user(None, Role.ADMIN)
    seen = 0
    for user in (coordinator, admin):
        viewer = Auth(app.test_client())
        viewer.login(user)
        for url in _urls(app, ids):
            response = viewer.client.get(url, follow_redirects=True)
            body = response.get_data(as_text=True)
            assert NOTE not in body, (user.role, url)
            seen += response.status_code == 200
    assert seen > 10
    assert NOTE not in caplog.text
    for record in caplog.records:
        assert NOTE not in record.getMessage() and NOTE not in repr(record.args)


def test_the_database_holds_no_plaintext_anywhere(auth, db, make, town, pair):
    _arrange(auth, db, make, town, pair)
    for table in SQLModel.metadata.sorted_tables:
        for row in db.connection().execute(sa.select(table)):
            assert NOTE not in repr(tuple(row)), table.name
    raw = db.connection().execute(sa.text("SELECT private_note FROM meeting")).scalar_one()
    assert NOTE.encode() not in bytes(raw)
    assert re.fullmatch(rb"gAAAAA[A-Za-z0-9_\-=]+", bytes(raw))  # a Fernet token


def test_the_author_alone_reads_the_note(auth, client, db, make, town, pair):
    ids = _arrange(auth, db, make, town, pair)
    auth.login(pair.user)
    assert NOTE in client.get(f"/meetings/match/{ids['match']}").get_data(as_text=True)
    assert NOTE in client.get(f"/meetings/{ids['meeting']}/edit").get_data(as_text=True)
