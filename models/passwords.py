"""Password hashing with argon2."""
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's argon2id setting (19 MiB, 2 passes, 1 lane): a login costs tens of milliseconds, not a
# third of a second, so a small municipal server stays responsive when many people log in at once.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@cache
def _dummy_hash() -> str:
    """A fixed hash to verify against when the account does not exist, so timing reveals nothing."""
    return _hasher.hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    """Return an argon2 hash of ``password``."""
    return _hasher.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Tell whether ``password`` matches ``stored`` (spending the same time if none)."""
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
