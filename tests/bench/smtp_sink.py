"""A real SMTP server inside the benchmark process that remembers what it received."""
import os
import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes

from aiosmtpd.controller import Controller
from sqlmodel import select

from models import ALL_TENANTS, Notification, scoped_session, utcnow
from web import DEFAULTS

from .load_bench import free_port


class _Handler:
    """Keep each received message's outbox id."""

    def __init__(self):
        self.ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        """Record one message."""
        msg = message_from_bytes(envelope.content)
        with self.lock:
            self.ids.append(msg.get("Message-ID", ""))
        return "250 OK"


class SmtpSink:
    """Start, stop and check an SMTP server on a free local port."""

    def __init__(self):
        self.port = free_port()
        self.handler = _Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        """Start listening. A real mail server runs on another machine; this one shares the
        benchmark's cores, so its thread runs at the scheduler's low priority (Linux)."""
        self.controller.start()
        if hasattr(threading, "get_native_id") and hasattr(os, "setpriority"):
            done = threading.Event()

            def lower():
                """Lower the priority of the server's own thread."""
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(),
                               DEFAULTS["SCHEDULER_NICE"])
                done.set()

            self.controller.loop.call_soon_threadsafe(lower)
            done.wait(5)

    def stop(self):
        """Stop listening."""
        self.controller.stop()

    def check(self, app) -> dict:
        """Count duplicates among received messages and due e-mails that never arrived."""
        counts = Counter(self.handler.ids)
        duplicates = sum(n - 1 for n in counts.values() if n > 1)
        with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
            due = session.exec(select(Notification).where(
                Notification.channel == "email",
                Notification.created_at < utcnow() - timedelta(seconds=30),
            )).all()
        received = set(counts)
        lost = sum(1 for n in due if not any(f"notification-{n.id}@" in r for r in received))
        return {"soak_duplicate_notifications": duplicates, "soak_lost_notifications": lost,
                "soak_messages": len(self.handler.ids)}
