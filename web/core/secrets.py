"""Keys the database must not hold: the session key, the private-note key and the key that
encrypts municipalities' sign-in client secrets."""
import os
import secrets as _secrets

from cryptography.fernet import Fernet


def _key_file(app, name: str, make) -> str:
    """Read a key from the instance folder, creating it once with ``make``."""
    path = os.path.join(app.instance_path, name)
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(make())
    with open(path) as fh:
        return fh.read().strip()


def init_app(app) -> None:
    """Fill SECRET_KEY, NOTE_KEY and LOGIN_SECRET_KEY from the instance folder when not set."""
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _key_file(app, "secret_key", lambda: _secrets.token_hex(32))
    if not app.config.get("NOTE_KEY"):
        app.config["NOTE_KEY"] = _key_file(
            app, "note_key", lambda: Fernet.generate_key().decode()
        )
    if not app.config.get("LOGIN_SECRET_KEY"):
        app.config["LOGIN_SECRET_KEY"] = _key_file(
            app, "login_secret_key", lambda: Fernet.generate_key().decode()
        )
    if not app.config.get("LINK_KEY"):  # makes invitations' answer links (scheduling)
        app.config["LINK_KEY"] = _key_file(app, "link_key", lambda: _secrets.token_hex(32))
    if not app.config.get("PHOTO_DIR"):
        app.config["PHOTO_DIR"] = os.path.join(app.instance_path, "photos")
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(
            app.instance_path, "rollemodel.db"
        )
