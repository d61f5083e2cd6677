"""A real OpenID Connect provider for the tests: oidc-provider-mock, plus what it lacks.

Run as ``python -m tests.oidc.provider PORT TOKEN_SECONDS``; it serves on 127.0.0.1 until it
is stopped. oidc-provider-mock (0.3) issues signed ID tokens with the nonce, single-use codes
and expiring tokens, but does not check PKCE, so a small WSGI layer in front of it does:
it keeps each code's ``code_challenge`` and refuses a token request whose ``code_verifier``
does not match. ``POST /_test/tamper`` with ``mode=claims`` makes the next token response carry
an ID token whose claims were changed after signing (its signature no longer fits).
"""
import base64
import hashlib
import io
import json
import os
import sys
from urllib.parse import parse_qs, urlsplit

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on the loopback only

from datetime import timedelta  # noqa: E402

import oidc_provider_mock  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402
from werkzeug.wrappers import Request, Response  # noqa: E402


def _b64(data: bytes) -> str:
    """Base64url without padding, as JOSE and PKCE write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Checks:
    """The WSGI layer: PKCE checked at the token endpoint, and tampering on request."""

    def __init__(self, app):
        self.app = app
        self.challenges: dict[str, str] = {}
        self.tamper = None

    def __call__(self, environ, start_response):
        """Pass the request to the provider, checking or changing what the tests need."""
        request = Request(environ)
        if request.path == "/_test/tamper":
            self.tamper = request.form.get("mode") or None
            return Response("ok")(environ, start_response)
        if request.path == "/oauth2/token" and request.method == "POST":
            return self._token(request)(environ, start_response)
        response = Response.from_app(self.app, environ)
        if request.path == "/oauth2/authorize" and response.status_code in (302, 303):
            code = parse_qs(urlsplit(response.headers["Location"]).query).get("code", [None])[0]
            challenge = request.args.get("code_challenge")
            if code and challenge and request.args.get("code_challenge_method") == "S256":
                self.challenges[code] = challenge
        return response(environ, start_response)

    def _token(self, request):
        """Refuse a code without the right PKCE verifier; otherwise let the provider answer."""
        body = request.get_data(cache=True)  # kept, so the provider can read it again
        request.environ["wsgi.input"] = io.BytesIO(body)
        form = request.form
        if form.get("grant_type") == "authorization_code":
            challenge = self.challenges.get(form.get("code", ""))
            verifier = form.get("code_verifier", "")
            if challenge is None or _b64(hashlib.sha256(verifier.encode()).digest()) != challenge:
                return Response(json.dumps({"error": "invalid_grant",
                                            "error_description": "PKCE verification failed"}),
                                status=400, content_type="application/json")
        response = Response.from_app(self.app, request.environ)
        if self.tamper == "claims" and response.status_code == 200:
            self.tamper = None
            body = json.loads(response.get_data())
            header, payload, signature = body["id_token"].split(".")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            claims["sub"] = "someone-else"
            body["id_token"] = ".".join(
                [header, _b64(json.dumps(claims).encode()), signature])
            response.set_data(json.dumps(body))
        return response


def main() -> None:
    """Serve the provider on the port given, with ID tokens valid for the seconds given."""
    port, seconds = int(sys.argv[1]), int(sys.argv[2])
    app = oidc_provider_mock.app(require_nonce=True, issue_refresh_token=False,
                                 access_token_max_age=timedelta(seconds=seconds))
    make_server("127.0.0.1", port, Checks(app), threaded=True).serve_forever()


if __name__ == "__main__":
    main()
