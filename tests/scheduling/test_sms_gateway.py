"""The HTTP SMS gateway, against a real HTTP server in the test process that records what it
receives: JSON body, credentials, sender name, time-outs, retries through the outbox."""
import base64
import json
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from models import Notification, Role
from web.scheduling.sender import MAX_ATTEMPTS, Sender
from web.scheduling.sms import HttpSms, SmsRefused, sms_gateway

from .conftest import free_port, local, sweep

START = date(2026, 5, 1)
DUE = local(2026, 5, 31)


class Gateway:
    """A small HTTP server that records each request and answers as the test says."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, str]] = []  # used in turn; then 200
        self.delay = 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            """Record the request, then answer with the next planned status."""

            def do_POST(self):
                """Take one message."""
                size = int(self.headers.get("Content-Length") or 0)
                gateway.requests.append({"path": self.path, "headers": dict(self.headers),
                                         "body": json.loads(self.rfile.read(size))})
                time.sleep(gateway.delay)
                status, text = gateway.answers.pop(0) if gateway.answers else (200, '{"ok":1}')
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args):
                """Keep the test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(ctx):
    """A recording gateway, and the app set up to use it."""
    found = Gateway()
    ctx.config.update(SMS_BACKEND="http", SMS_URL=found.url, SMS_USERNAME="stevns",
                      SMS_PASSWORD="hemmelig", SMS_SENDER="Stevns", SMS_TIMEOUT=0.5)
    yield found
    found.stop()


@pytest.fixture
def one_sms(db, world):
    """A role model who wants SMS and has a pair that is overdue at DUE: one SMS queued."""
    _, _, vu, _, _ = world.pair(START, young_login=False)
    vu.notify_email, vu.notify_sms, vu.phone = False, True, "+4520304050"
    world.coordinator.is_active = False
    db.commit()
    sweep(db, DUE)
    return vu


def _note(db) -> Notification:
    """The one SMS in the outbox, freshly read."""
    db.expire_all()
    return db.exec(select(Notification).where(Notification.channel == "sms")).one()


def test_sms_is_posted_as_json_with_credentials(db, ctx, gateway, one_sms):
    assert Sender(ctx.config).send_due(db, DUE)["sent"] == 1
    [request] = gateway.requests
    assert request["path"] == "/sms/send"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(
        b"stevns:hemmelig").decode()
    body = request["body"]
    assert body["sender"] == "Stevns" and body["recipient"] == "+4520304050"
    assert "http://127.0.0.1:5000/" in body["message"]
    assert "Sara" not in body["message"]  # messages never name the other person
    assert _note(db).sent_at is not None


def test_body_template_and_bearer_token(db, ctx, gateway, one_sms):
    ctx.config.update(SMS_USERNAME=None, SMS_API_KEY="tok-123", SMS_BODY=json.dumps(
        {"sender": "{sender}", "message": "{text}", "recipients": [{"msisdn": "{msisdn}"}]}))
    assert Sender(ctx.config).send_due(db, DUE)["sent"] == 1
    [request] = gateway.requests
    assert request["headers"]["Authorization"] == "Bearer tok-123"
    assert request["body"]["recipients"] == [{"msisdn": "4520304050"}]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_temporary_refusal_is_retried_through_the_outbox(db, ctx, gateway, one_sms, status):
    gateway.answers = [(status, '{"error":"busy"}')]
    sender = Sender(ctx.config)
    assert sender.send_due(db, DUE) == {"sent": 0, "failed": 0, "retry": 1}
    note = _note(db)
    assert note.failed_at is None and note.attempts == 1 and f"HTTP {status}" in note.last_error
    assert sender.send_due(db, DUE)["sent"] == 0  # not due again before its back-off
    assert sender.send_due(db, note.next_attempt_at)["sent"] == 1
    assert len(gateway.requests) == 2 and _note(db).sent_at is not None


def test_permanent_refusal_is_given_up_and_shown_to_the_admin(db, ctx, make, client, auth,
                                                               gateway, one_sms):
    gateway.answers = [(400, '{"error":"recipient +4520304050 is not a mobile number"}')]
    assert Sender(ctx.config).send_due(db, DUE)["failed"] == 1
    note = _note(db)
    assert note.failed_at is not None and "HTTP 400" in note.last_error
    assert "20304050" not in note.last_error  # the number is not repeated on the admin's page
    assert Sender(ctx.config).send_due(db, DUE + timedelta(days=1))["sent"] == 0
    auth.login(make.user(None, Role.ADMIN))
    page = client.get("/admin/scheduler/").get_data(as_text=True)
    assert "Ikke leveret: 1 opgivet, 0 venter" in page and "HTTP 400" in page
    assert f"127.0.0.1:{gateway.server.server_port}" in page


def test_timeout_is_temporary(db, ctx, gateway, one_sms):
    gateway.delay = 1.0
    assert Sender(ctx.config).send_due(db, DUE)["retry"] == 1
    note = _note(db)
    assert note.failed_at is None and "did not answer within 0.5 s" in note.last_error


def test_unreachable_gateway_is_temporary_until_attempts_run_out(db, ctx, gateway, one_sms):
    gateway.stop()
    sender = Sender(ctx.config)
    now = DUE
    for attempt in range(1, MAX_ATTEMPTS + 1):
        stats = sender.send_due(db, now)
        note = _note(db)
        assert note.attempts == attempt and "cannot be reached" in note.last_error
        now = note.next_attempt_at
    assert stats["failed"] == 1 and note.failed_at is not None


def test_gateway_refuses_an_invalid_number_for_good(ctx):
    sms = HttpSms({"SMS_URL": "http://127.0.0.1:9/", "SMS_TIMEOUT": 1})
    with pytest.raises(SmsRefused) as refused:
        sms.send("12", "hej")
    assert refused.value.permanent


def test_http_backend_needs_an_address():
    with pytest.raises(ValueError):
        sms_gateway({"SMS_BACKEND": "http", "SMS_URL": None})
