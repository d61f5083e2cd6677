"""The menu at the top of every page, drawn once per role, language and mount point.

Every link in it depends on nothing else, and drawing its dozen links and labels anew cost a
small page a tenth of its time. With templates reloading (debug), it is drawn every time.
"""
from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup


def init_app(app) -> None:
    """Offer ``main_menu()`` to templates, with its own memory for this app."""
    drawn: dict[tuple, Markup] = {}

    @app.template_global()
    def main_menu() -> Markup:
        """The logged-in user's menu links."""
        key = (current_user.role, str(get_locale()), request.script_root)
        html = drawn.get(key)
        if html is None:
            html = Markup(render_template("_nav.html"))
            if not current_app.jinja_env.auto_reload:
                drawn[key] = html
        return html
