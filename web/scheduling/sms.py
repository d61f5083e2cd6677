"""Text messages behind one small interface: a log-only default, an HTTP gateway, or your own.

``SMS_BACKEND`` is ``"log"`` (the default: nothing leaves the machine), ``"http"`` (a JSON POST
to the gateway at ``SMS_URL``, below) or ``"package.module:ClassName"``, a class built with the
app's config whose ``send(phone, text)`` raises on failure. A refusal the sender should not
repeat raises ``SmsRefused`` with ``permanent=True``; one that may pass later (a timeout, the
gateway down, 5xx, 429) with ``permanent=False``, and the outbox tries again with back-off.
"""
import importlib
import json
import logging
import re
from typing import Protocol
from urllib.parse import urlsplit

import requests

from ..core.phones import normalise_phone

log = logging.getLogger(__name__)
# What most gateways take; SMS_BODY replaces it (any JSON, with these placeholders in strings).
DEFAULT_BODY = {"sender": "{sender}", "recipient": "{phone}", "message": "{text}"}
RETRY_STATUSES = (408, 425, 429)  # 4xx answers that mean "not now" rather than "never"
PHONE_LIKE = re.compile(r"\+?\d[\d ]{6,}\d")


class SmsGateway(Protocol):
    """Anything that can deliver one text message, raising on failure."""

    def send(self, phone: str, text: str) -> None:
        """Deliver ``text`` to ``phone``."""


class SmsRefused(Exception):
    """The message was not delivered; ``permanent`` tells whether trying again can help."""

    def __init__(self, message: str, *, permanent: bool, status: int | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.status = status


class LogSms:
    """Writes that an SMS would go out; the number is masked and the text left out."""

    def __init__(self, config=None):
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        """Log the message instead of sending it."""
        self.sent.append((phone, text))
        log.info("SMS (log only) to ...%s, %d characters", phone[-2:], len(text))


def _fill(template, values: dict):
    """Put the values into every string of a JSON template (never into its structure)."""
    if isinstance(template, str):
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
        return template
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: _fill(item, values) for key, item in template.items()}
    return template


class HttpSms:
    """Posts each message as JSON to an HTTP gateway, with a timeout and credentials."""

    def __init__(self, config):
        self.url = config.get("SMS_URL")
        if not self.url or urlsplit(self.url).scheme not in ("http", "https"):
            raise ValueError("SMS_BACKEND is http, but SMS_URL is no http(s) address")
        self.sender = config.get("SMS_SENDER") or "Rollemodel"
        self.timeout = float(config.get("SMS_TIMEOUT") or 10)
        self.body = json.loads(config["SMS_BODY"]) if config.get("SMS_BODY") else DEFAULT_BODY
        self.session = requests.Session()
        if config.get("SMS_USERNAME"):
            self.session.auth = (config["SMS_USERNAME"], config.get("SMS_PASSWORD") or "")
        elif config.get("SMS_API_KEY"):
            self.session.headers["Authorization"] = f"Bearer {config['SMS_API_KEY']}"

    def send(self, phone: str, text: str) -> None:
        """Deliver one message; raise ``SmsRefused`` saying whether a retry can help."""
        number = normalise_phone(phone)
        if number is None:
            raise SmsRefused("the phone number is not valid", permanent=True)
        body = _fill(self.body, {"phone": number, "msisdn": number.lstrip("+"),
                                 "sender": self.sender, "text": text})
        try:
            answer = self.session.post(self.url, json=body, timeout=self.timeout)
        except requests.Timeout as err:
            raise SmsRefused(f"the gateway did not answer within {self.timeout:g} s",
                             permanent=False) from err
        except requests.RequestException as err:
            raise SmsRefused(f"the gateway cannot be reached ({type(err).__name__})",
                             permanent=False) from err
        if 200 <= answer.status_code < 300:
            return
        status = answer.status_code
        permanent = 400 <= status < 500 and status not in RETRY_STATUSES
        # The answer may echo the number; the admin's page shows errors but never recipients.
        said = PHONE_LIKE.sub("…", answer.text[:300])[:200]
        raise SmsRefused(f"the gateway answered HTTP {status}: {said}",
                         permanent=permanent, status=status)


def sms_gateway(config) -> SmsGateway:
    """Build the SMS gateway named in the config."""
    name = config.get("SMS_BACKEND") or "log"
    if name == "log":
        return LogSms(config)
    if name == "http":
        return HttpSms(config)
    module, _, cls = name.partition(":")
    return getattr(importlib.import_module(module), cls)(config)


def describe_gateway(config) -> str:
    """Say in a word where SMS go: "log", the gateway's host, or the class named."""
    name = config.get("SMS_BACKEND") or "log"
    if name == "http":
        return urlsplit(config.get("SMS_URL") or "").netloc or "?"
    return name
