"""Password hashing (argon2) and the password policy."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 10
_hasher = PasswordHasher()
# A fixed hash to verify against when the account does not exist, so timing reveals nothing.
_DUMMY = _hasher.hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    """Return an argon2 hash of ``password``."""
    return _hasher.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Tell whether ``password`` matches ``stored`` (spending the same time if none)."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, user_inputs=()) -> str | None:
    """Return why a password is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > 200:
        return str(_l("Use at most 200 characters."))
    if zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])["score"] < 3:
        return str(_l("This password is too common or easy to guess. Try a few unrelated words."))
    return None
