"""Security headers on every response and the cookie and time-out settings behind them."""
from flask import abort, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# Responses that may carry personal data; static files and the favicon may be cached.
CACHEABLE_PREFIXES = ("/static/",)

DEFAULTS = {
    "RETENTION_DAYS": 365,  # after a match ends, its meeting log and notes are kept this long
    "RESET_LINK_MINUTES": 60,
    "TOTP_ISSUER": "Rollemodel",
    "TOTP_FAILURES_ALLOWED": 5,
    "TOTP_PENDING_SECONDS": 300,  # time to type the code after the password was right
}


def init_app(app) -> None:
    """Fill security defaults, make cookies secure over HTTPS and add the headers."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if str(app.config.get("BASE_URL", "")).startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.after_request(add_headers)
    app.before_request(refuse_nul)


def refuse_nul():
    """Answer 400 to text holding a NUL character: no form has a use for one, and PostgreSQL
    cannot store it (it would be a 500 at the first save)."""
    for values in (request.args, request.form):
        if any("\x00" in key or any("\x00" in v for v in values.getlist(key))
               for key in values):
            abort(400)


def _served_over_https(app) -> bool:
    """Tell whether this request came (or is configured to come) over HTTPS."""
    return request.is_secure or str(app.config.get("BASE_URL", "")).startswith("https://")


def add_headers(response):
    """Add CSP, framing, sniffing, referrer, HSTS and no-store headers."""
    from flask import current_app

    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if _served_over_https(current_app):
        headers.setdefault("Strict-Transport-Security", HSTS)
    private = "private" in headers.get("Cache-Control", "")  # e.g. a photo, for the browser only
    if not request.path.startswith(CACHEABLE_PREFIXES) and not private:
        # Every page and download may hold personal data: never keep it in a shared cache.
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Pragma", "no-cache")
    return response
