"""Switching between Danish and English."""
from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask_login import current_user

from ..core.db import get_session

bp = Blueprint("language", __name__)


@bp.route("/language", methods=["POST"])
def switch():
    """Remember the chosen language for the session and, when logged in, the account."""
    target = request.form.get("next") or ""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        abort(400)  # a control character (a newline would split the header) is no address
    lang = request.form.get("lang", "da")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
            get_session().add(current_user)
            get_session().commit()
    # Only local paths, so the form cannot be used to bounce people elsewhere; no backslash
    # either: browsers read it as a slash ("/\\evil.example").
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = url_for("home.index")
    return redirect(target)
