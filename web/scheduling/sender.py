"""Delivering the outbox: e-mail over SMTP, SMS through the gateway, each row marked alone.

Delivery is at-least-once, with a window of one SMTP exchange. Nothing is marked
before it is sent, so a crash never loses a message; a row is marked sent in its
own transaction right after the server accepted it, so a crash can at worst
repeat the one message that was in flight (after the server's "250 OK", before
our commit). Each e-mail carries a stable Message-ID, so mail programs can tell
such a copy. We chose this over at-most-once because a lost reminder is worse
than a rare double one.

Each row is claimed before it is sent, in that same transaction: it is read again
(still unsent, not given up, due) and, on PostgreSQL, locked with ``FOR UPDATE SKIP
LOCKED`` until it is marked. So two senders that run at once (two schedulers after a
lost lock, or ``flask scheduler send`` beside the scheduler) never deliver the same
row twice: one skips what the other holds or has sent. SQLite has no row locks (the
clause is left out there); the re-read still skips rows sent since the batch was
read, and the scheduler's file lock keeps a second scheduler away (``flask scheduler send`` takes
that lock too, and sends nothing while a scheduler holds it).

What the server answers about one message concerns that message only: a 5xx refusal gives it up
at once (its reason kept for the admin), a 4xx one retries it alone with back-off. Only a
connection that cannot be made or breaks is an outage; waiting one out costs no message an
attempt.
"""
import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlmodel import select

from models import Notification, User

from .answer_links import expand
from .sms import sms_gateway

log = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 8  # for a message the server defers (4xx); an unreachable server is waited out
BACKOFF_CAP_SECONDS = 3600
# What the server says about one message (``smtplib.SMTPException`` is an ``OSError``, so it is
# told apart first): a refusal of that message, never an outage.
REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
            smtplib.SMTPNotSupportedError)


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4 ... minutes after each failed attempt, at most an hour."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS))


class Unreachable(Exception):
    """The mail server cannot be reached: nothing is wrong with the message itself."""


class Mailer:
    """One SMTP connection for a batch, opened on first use."""

    def __init__(self, config):
        self.config = config
        self.smtp = None

    def send(self, msg: EmailMessage) -> None:
        """Send one e-mail; raise ``Unreachable`` when no working connection can be had (the
        server is not there, breaks the connection, or will not let us in), and the server's
        refusal (an ``smtplib`` error with its code) when it refuses this message."""
        try:
            if self.smtp is None:
                self.smtp = smtplib.SMTP(self.config["MAIL_SERVER"], self.config["MAIL_PORT"],
                                         timeout=self.config.get("MAIL_TIMEOUT", 10))
                if self.config.get("MAIL_USE_TLS"):
                    self.smtp.starttls()
                if self.config.get("MAIL_USERNAME"):
                    self.smtp.login(self.config["MAIL_USERNAME"], self.config["MAIL_PASSWORD"])
        except OSError as err:  # every failure to connect, smtplib's own included
            self._drop()
            raise Unreachable(str(err) or type(err).__name__) from err
        try:
            self.smtp.send_message(msg)
        except REFUSALS:
            raise  # about this message only; the connection is still good (smtplib reset it)
        except OSError as err:  # disconnected, reset or timed out mid-message: an outage
            self._drop()
            raise Unreachable(str(err) or type(err).__name__) from err

    def _drop(self) -> None:
        """Forget a connection that broke."""
        if self.smtp is not None:
            try:
                self.smtp.close()
            except OSError:
                pass
        self.smtp = None

    def close(self) -> None:
        """Say goodbye to the server, if we are connected."""
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.smtp = None


class Sender:
    """Delivers due outbox rows; remembers an unreachable server to keep the log quiet."""

    def __init__(self, config, sms=None):
        self.config = config
        self.sms = sms or sms_gateway(config)
        self.pause_until: datetime | None = None
        self.outages = 0

    def send_due(self, session, now: datetime) -> dict:
        """Deliver up to one batch of due messages; return what happened."""
        stats = {"sent": 0, "failed": 0, "retry": 0}
        if self.pause_until and now < self.pause_until:
            stats["waiting_for_server"] = True
            return stats
        rows = session.execute(
            select(Notification, User.email, User.phone)
            .join(User, User.id == Notification.user_id)
            .where(Notification.sent_at.is_(None), Notification.failed_at.is_(None),
                   Notification.next_attempt_at <= now)
            .order_by(Notification.next_attempt_at, Notification.id).limit(BATCH)
        ).all()
        session.commit()  # end the read: each row below gets its own transaction
        mailer = Mailer(self.config)
        down = False
        try:
            for i, (note, email, phone) in enumerate(rows):
                if not self._claim(session, note, now):
                    session.commit()  # another sender has it, or it is done: leave it
                    stats["skipped"] = stats.get("skipped", 0) + 1
                    continue
                try:
                    self._deliver(mailer, note, email, phone)
                except Unreachable as err:
                    self._server_down(session, note, str(err), now)
                    stats["retry"] += len(rows) - i
                    down = True
                    break
                except Exception as err:  # the message itself was refused
                    stats["failed" if self._refused(session, note, err, now) else "retry"] += 1
                    continue
                self._mark(session, note, sent_at=now, attempts=note.attempts + 1, last_error=None)
                stats["sent"] += 1
        finally:
            mailer.close()
        if self.outages and not down and (stats["sent"] or stats["failed"] or stats["retry"]):
            # The server answered every message of this batch (accepting or refusing it):
            # the outage is over. Said once, as its warning was.
            log.info("The mail server answers again; sending resumed.")
            self.outages, self.pause_until = 0, None
        if down:
            stats["waiting_for_server"] = True
        return stats

    def _claim(self, session, note: Notification, now: datetime) -> bool:
        """Start this row's transaction by locking it, if it is still ours to send.

        Reads the row afresh (``note`` is refreshed in place), so a row that another
        sender sent, gave up or put back since the batch was read is skipped. On
        PostgreSQL the row stays locked until ``_mark`` commits, and a row locked by
        another sender is skipped rather than waited for.
        """
        claimed = session.execute(
            select(Notification)
            .where(Notification.id == note.id, Notification.sent_at.is_(None),
                   Notification.failed_at.is_(None), Notification.next_attempt_at <= now)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()
        return claimed is not None

    def _deliver(self, mailer: Mailer, note: Notification, email, phone) -> None:
        """Hand one message to the mail server or the SMS gateway."""
        if note.channel == "sms":
            if not phone:
                raise LookupError("no phone number")
            link = expand(self.config, note.link)
            self.sms.send(phone, expand(self.config, note.body) + (f"\n{link}" if link else ""))
            return
        if not email:
            raise LookupError("no e-mail address")
        if self.config.get("MAIL_BACKEND") == "log":
            log.info("E-mail (log only): notification %s, %s", note.id, note.kind)
            return
        mailer.send(self._email(note, email))

    def _email(self, note: Notification, email: str) -> EmailMessage:
        """Build the e-mail for one outbox row."""
        sender = self.config["MAIL_FROM"]
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, email, note.subject
        # Stable per row, so a copy sent again after a crash is recognisable as the same.
        msg["Message-ID"] = f"<notification-{note.id}@{sender.partition('@')[2] or 'rollemodel'}>"
        msg["Auto-Submitted"] = "auto-generated"
        # Secret links exist only in the message sent, never in the outbox (answer_links).
        body, link = expand(self.config, note.body), expand(self.config, note.link)
        msg.set_content(body + (f"\n\n{link}\n" if link else "\n"))
        return msg

    def _server_down(self, session, note, error: str, now: datetime) -> None:
        """Pause the sender with back-off, warning once per outage, and let go of the claimed
        row. Waiting out an outage is no attempt of the message's: neither it nor the rest of
        the batch is charged for it (they are simply due again when the pause ends)."""
        if not self.outages:
            log.warning("The mail server cannot be reached (%s); retrying with back-off.", error)
        self.outages += 1
        self.pause_until = now + backoff(self.outages)
        self._mark(session, note, last_error=error[:500])

    def _refused(self, session, note: Notification, err: Exception, now: datetime) -> bool:
        """Record a refused message: retry later, or give up for good; True if given up."""
        attempts = note.attempts + 1
        code = _smtp_code(err)
        permanent = isinstance(err, LookupError) or code >= 500
        # An SMS gateway's refusal says itself whether a retry can help (sms.SmsRefused).
        permanent = permanent or getattr(err, "permanent", False) is True
        give_up = permanent or attempts >= MAX_ATTEMPTS
        log.warning("Notification %s not delivered (%s%s)%s", note.id, type(err).__name__,
                    f" {code}" if code else "", "; giving up" if give_up else "; will retry")
        self._mark(session, note, attempts=attempts, last_error=_reason(err)[:500],
                   next_attempt_at=now + backoff(attempts), failed_at=now if give_up else None)
        return give_up

    def _mark(self, session, note: Notification, **values) -> None:
        """Write one row's outcome in its own transaction, right away."""
        session.execute(sa.update(Notification.__table__).where(
            Notification.__table__.c.id == note.id, Notification.__table__.c.sent_at.is_(None)
        ).values(**values))
        session.commit()


def _reason(err: Exception) -> str:
    """The server's words for a refusal, with its code, for the admin's outbox page."""
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg}"
                         for code, msg in err.recipients.values())
    if isinstance(err, smtplib.SMTPResponseException):
        text = err.smtp_error
        return f"{err.smtp_code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
    return str(err) or type(err).__name__


def _smtp_code(err: Exception) -> int:
    """Return the SMTP reply code behind an error (0 when there is none)."""
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return min((code for code, _msg in err.recipients.values()), default=0)
    return getattr(err, "smtp_code", 0) or 0
