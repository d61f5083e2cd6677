"""Text messages behind one small interface; the default only writes to the log.

A real gateway is a class with ``send(phone, text)`` named in ``SMS_BACKEND``
as ``"package.module:ClassName"``; it is built with the app's config.
"""
import importlib
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class SmsGateway(Protocol):
    """Anything that can deliver one text message, raising on failure."""

    def send(self, phone: str, text: str) -> None:
        """Deliver ``text`` to ``phone``."""


class LogSms:
    """Writes that an SMS would go out; the number is masked and the text left out."""

    def __init__(self, config=None):
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        """Log the message instead of sending it."""
        self.sent.append((phone, text))
        log.info("SMS (log only) to ...%s, %d characters", phone[-2:], len(text))


def sms_gateway(config) -> SmsGateway:
    """Build the SMS gateway named in the config."""
    name = config.get("SMS_BACKEND") or "log"
    if name == "log":
        return LogSms(config)
    module, _, cls = name.partition(":")
    return getattr(importlib.import_module(module), cls)(config)
