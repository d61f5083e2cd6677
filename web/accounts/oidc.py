"""OpenID Connect sign-in through Authlib's Flask client.

The authorization code flow with PKCE (S256); ``state`` and ``nonce`` are kept in the session
and checked by Authlib, which also verifies the ID token's signature against the provider's
published keys and its ``iss``, ``aud``, ``exp``, ``iat`` and ``nonce`` claims. Two kinds of
provider: the MitID broker for young people (settings ``MITID_*``) and each municipality's own
identity provider for its staff (``models.MunicipalLogin``). Only the verified ``iss`` and
``sub`` leave this module; who that is, and with which role, is Rollemodel's own record.
"""
import hashlib
import time
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session
from joserfc.errors import JoseError

from models import MunicipalLogin

from ..core.numbers import as_number

MITID = "mitid"
FLOW = "oidc_flow"
LEEWAY_SECONDS = 60  # clock difference allowed between us and the provider
METADATA_MAX_AGE = 24 * 3600  # providers rotate keys and move endpoints; look again daily


class Refused(Exception):
    """A sign-in that proved nothing; ``reason`` is a code the page turns into words."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    """One identity provider as the client needs it."""

    key: str  # "mitid" or "municipality:<id>"
    issuer: str
    client_id: str
    client_secret: str | None
    scope: str = "openid"
    municipality_id: int | None = None

    @property
    def metadata_url(self) -> str:
        """Where the provider publishes its configuration (OpenID Connect Discovery)."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def init_app(app) -> None:
    """Give this app its own registry of OpenID Connect clients."""
    app.extensions["oidc"] = OAuth(app)


def mitid_provider(config) -> Provider | None:
    """The MitID broker from the settings, or None when MitID is not set up."""
    if not (config.get("MITID_ISSUER") and config.get("MITID_CLIENT_ID")):
        return None
    return Provider(MITID, config["MITID_ISSUER"], config["MITID_CLIENT_ID"],
                    config.get("MITID_CLIENT_SECRET") or None, config.get("MITID_SCOPE") or "openid")


def municipal_key(municipality_id: int) -> str:
    """The provider key of a municipality's own identity provider."""
    return f"municipality:{municipality_id}"


def municipal_provider(db, municipality_id: int) -> Provider | None:
    """A municipality's identity provider, or None when it has none (or it is switched off)."""
    row = db.get(MunicipalLogin, municipality_id)
    if row is None or not row.enabled:
        return None
    return Provider(municipal_key(municipality_id), row.issuer, row.client_id,
                    decrypt_secret(row.client_secret_encrypted), municipality_id=municipality_id)


def provider_for(db, key: str) -> Provider | None:
    """Find the provider a key names, as configured now."""
    if key == MITID:
        return mitid_provider(current_app.config)
    prefix, _, ident = key.partition(":")
    if prefix == "municipality" and as_number(ident, 1) is not None:
        return municipal_provider(db, as_number(ident, 1))
    return None


def encrypt_secret(secret: str | None) -> str | None:
    """Encrypt a client secret for the database with the key kept outside it."""
    if not secret:
        return None
    return Fernet(current_app.config["LOGIN_SECRET_KEY"]).encrypt(secret.encode()).decode()


def decrypt_secret(token: str | None) -> str | None:
    """Decrypt a stored client secret (None when there is none or the key has changed)."""
    if not token:
        return None
    try:
        return Fernet(current_app.config["LOGIN_SECRET_KEY"]).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def _client(provider: Provider):
    """The Authlib client for this provider's current settings (a new one when they change)."""
    oauth = current_app.extensions["oidc"]
    digest = hashlib.sha256(repr(provider).encode()).hexdigest()[:16]
    name = f"{provider.key.replace(':', '_')}_{digest}"
    client = oauth.create_client(name)
    if client is None:
        client = oauth.register(
            name, client_id=provider.client_id, client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": provider.scope, "code_challenge_method": "S256",
                "default_timeout": current_app.config["OIDC_TIMEOUT"],
                "token_endpoint_auth_method":
                    "client_secret_basic" if provider.client_secret else "none",
            })
    loaded = client.server_metadata.get("_loaded_at")
    if loaded and time.time() - loaded > METADATA_MAX_AGE:
        client.server_metadata.clear()
    return client


def _metadata(provider: Provider, client) -> dict:
    """The provider's configuration, which must name the issuer we were told to trust."""
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as err:
        raise Refused("unavailable", str(err)) from err
    if metadata.get("issuer") != provider.issuer:
        client.server_metadata.clear()
        raise Refused("misconfigured", f"the provider calls itself {metadata.get('issuer')!r}")
    return metadata


def begin(provider: Provider, purpose: str, redirect_uri: str, user_id: int | None = None):
    """Send the browser to the provider; remember what the sign-in is for."""
    client = _client(provider)
    _metadata(provider, client)
    session[FLOW] = {"provider": provider.key, "purpose": purpose, "user": user_id,
                     "at": time.time()}
    return client.authorize_redirect(redirect_uri)


def finish(db) -> tuple[Provider, dict, dict]:
    """Complete the sign-in the provider sent back; return the provider, the flow and the
    verified ID token claims, or raise ``Refused``."""
    flow = session.pop(FLOW, None)
    if not flow:
        raise Refused("state", "no sign-in was started in this browser")
    if time.time() - float(flow.get("at", 0)) > current_app.config["OIDC_FLOW_SECONDS"]:
        raise Refused("timeout")
    provider = provider_for(db, flow.get("provider", ""))
    if provider is None:
        raise Refused("misconfigured", "the provider is no longer set up")
    client = _client(provider)
    _metadata(provider, client)
    try:
        token = client.authorize_access_token(
            leeway=LEEWAY_SECONDS,
            claims_options={"iss": {"essential": True, "values": [provider.issuer]},
                            "sub": {"essential": True}})
    except MismatchingStateError as err:
        raise Refused("state", "the state does not match the one we sent") from err
    except OAuthError as err:
        reason = "cancelled" if err.error == "access_denied" else "provider"
        raise Refused(reason, f"{err.error}: {err.description}") from err
    except JoseError as err:
        raise Refused("token", f"{err.error}: {err.description or err}") from err
    except requests.RequestException as err:
        raise Refused("unavailable", str(err)) from err
    except AuthlibBaseError as err:  # e.g. a token endpoint that is not https
        raise Refused("misconfigured", f"{err.error}: {err.description}") from err
    claims = token.get("userinfo")
    subject = claims.get("sub") if claims else None
    if not isinstance(subject, str) or not 0 < len(subject) <= 255:
        raise Refused("token", "the provider sent no usable ID token")
    return provider, flow, dict(claims)
