"""The Rollemodel web application: ``create_app`` builds it."""
import os

from flask import Flask

DEFAULTS = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "NOTE_KEY": None,
    "LOGIN_SECRET_KEY": None,  # encrypts the municipalities' sign-in client secrets
    "BASE_URL": "http://127.0.0.1:5000",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 30 * 60,  # idle time-out, seconds
    "ABSOLUTE_SESSION_SECONDS": 12 * 3600,
    "CITIZEN_LINK_HOURS": 72,
    "LOGIN_FAILURES_ALLOWED": 5,  # per account and client address, before the waits begin
    "LOGIN_ADDRESS_FAILURES_ALLOWED": 20,  # per client address, whatever the account
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,  # failures are counted this long; the longest wait
    "PROXY_COUNT": 0,  # reverse proxies in front of the app whose X-Forwarded-For is trusted
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "BABEL_DEFAULT_LOCALE": "da",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
    "LANGUAGES": ["da", "en"],
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_ENABLED": True,
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 8025,
    "MAIL_FROM": "rollemodel@localhost",
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": False,
    "MAIL_BACKEND": "smtp",  # or "log": messages are written to the log and marked sent
    "SMS_BACKEND": "log",  # "log" only writes the log; "http" posts to the gateway at SMS_URL
    "SMS_URL": None,
    "SMS_USERNAME": None,  # HTTP basic authentication, or ...
    "SMS_PASSWORD": None,
    "SMS_API_KEY": None,  # ... a bearer token
    "SMS_SENDER": "Rollemodel",  # at most 11 letters and digits, as operators allow
    "SMS_BODY": None,  # the JSON body with {phone}, {msisdn}, {sender}, {text}; None: the default
    "SMS_TIMEOUT": 10,
    # MitID for young people, through an OpenID Connect broker (NemLog-in or a certified one).
    "MITID_ISSUER": None,
    "MITID_CLIENT_ID": None,
    "MITID_CLIENT_SECRET": None,
    "MITID_SCOPE": "openid",
    "OIDC_TIMEOUT": 10,  # seconds for each call to an identity provider
    "OIDC_FLOW_SECONDS": 600,  # how long a started sign-in may take
    "ACCESSIBILITY_URL": None,  # the statement for municipalities without their own address
    "SCHEDULER_SWEEP_SECONDS": 300,
    "SCHEDULER_SEND_SECONDS": 30,
    "SCHEDULER_NICE": 10,  # the scheduler process's CPU priority below the web workers'
    "SCHEDULER_STALE_SECONDS": 900,  # the admin page warns when the heartbeat is older
    "MATCHER_RETRAIN_DAYS": 7,  # the scheduler retrains the suggestion models this often
    "MATCHER_RETRAIN_FIRST_MINUTES": 10,  # after the scheduler starts, the first look
    # Bounded randomisation of a set's weakest option among near-equal candidates (at most
    # 0.5, within this score distance), so the records support unbiased offline evaluation.
    "MATCHER_EXPLORE_RATE": 0.1,
    "MATCHER_EXPLORE_TOLERANCE": 0.03,
    "PHOTO_DIR": None,
    "REPORT_CACHE_SECONDS": 300,  # reports are kept per municipality this long; 0 recomputes
}


def create_app(test_config=None):
    """Create and configure the app: defaults, then environment or a test dict."""
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "ROLLEMODEL_INSTANCE_PATH"
    )
    app = Flask(__name__, instance_path=instance, instance_relative_config=True,
                template_folder="core/templates", static_folder="core/static")
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env("FLASK")
        app.config.from_prefixed_env("ROLLEMODEL")
        if os.environ.get("DATABASE_URL"):
            app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    from .core.numbers import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added

    from . import views
    from .accounts import login
    from .core import cli, db, i18n, secrets

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    secrets.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    login.init_app(app)
    cli.init_app(app)
    views.init_app(app)
    return app
