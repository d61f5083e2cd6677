"""Secret links in queued messages, kept out of the database.

An invitation's yes/no links and a young person's login link are made from the row's id with
an HMAC under ``LINK_KEY`` (``web.core.link_secrets``). The rows keep only the secret's SHA-256,
to find it when the link is opened, and the outbox keeps only a mark (``[[answer:<id>:yes]]``,
``[[login:<id>]]``) that the sender turns into the link as it hands the message over. Nothing
stored in the database opens an invitation or logs anyone in.
"""
import hashlib
import re

from ..core.link_secrets import derived_secret

MARK = re.compile(r"\[\[(?:answer:(\d+):(yes|no)|login:(\d+))\]\]")


def token(config, invite_id: int) -> str:
    """The secret of an invitation's answer links."""
    return derived_secret(config, "invite-answer", invite_id)


def token_hash(secret: str) -> str:
    """What the invitation row keeps of its secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def mark(invite_id: int, answer: str) -> str:
    """The place of an answer link in a queued message."""
    return f"[[answer:{invite_id}:{answer}]]"


def login_mark(login_token_id: int) -> str:
    """The place of a login link (``models.LoginToken``'s id) in a queued message."""
    return f"[[login:{login_token_id}]]"


def expand(config, text: str | None) -> str | None:
    """Put the real links in place of the marks, as the message is sent."""
    if not text:
        return text
    base = config["BASE_URL"].rstrip("/")

    def link(m):
        if m.group(3):
            return f"{base}/l/{derived_secret(config, 'login-token', int(m.group(3)))}"
        return f"{base}/invitations/{token(config, int(m.group(1)))}/{m.group(2)}"

    return MARK.sub(link, text)
