"""The password policy: long enough and not a common password."""
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from models.passwords import check_password, hash_password

__all__ = ["MIN_LENGTH", "check_password", "hash_password", "password_problem"]
MIN_LENGTH = 10


def password_problem(password: str, user_inputs=()) -> str | None:
    """Return why a password is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > 200:
        return str(_l("Use at most 200 characters."))
    if zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])["score"] < 3:
        return str(_l("This password is too common or easy to guess. Try a few unrelated words."))
    return None
