"""Forms every feature shares."""
from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button and its CSRF token."""
