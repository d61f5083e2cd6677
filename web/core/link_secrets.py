"""Secrets of links that the service must be able to make again (an invitation's answer
links, a young person's login link waiting in the outbox), derived from a row's id with an
HMAC under ``LINK_KEY``, a key kept in the instance folder and never in the database. The
database keeps only a hash of such a secret (to find its row) or a mark in its place."""
import base64
import hashlib
import hmac


def derived_secret(config, purpose: str, ident: int) -> str:
    """The secret for row ``ident`` of ``purpose``; the same every time it is asked for."""
    mac = hmac.new(config["LINK_KEY"].encode(), f"{purpose}:{ident}".encode(),
                   hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")[:32]
