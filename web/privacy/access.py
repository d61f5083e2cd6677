"""Who may reach a view: role checks and tenant-safe object lookups."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from models import tenant_get

from ..core.db import get_session
from .policy import may_open


def role_required(*roles):
    """Let only logged-in users with one of ``roles`` reach the view."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, ident):
    """Fetch a row of the current municipality by id, if the policy lets this role; else 404."""
    if not current_user.is_authenticated or not may_open(current_user.role, model):
        abort(404)
    obj = tenant_get(get_session(), model, ident)
    if obj is None:
        abort(404)
    return obj
