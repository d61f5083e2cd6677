"""Every string the web app shows has a Danish translation."""
import pytest
from flask import render_template_string
from flask_babel import force_locale, get_translations
from jinja2 import Environment

from web import create_app
from web.core.i18n import missing_translations


def test_every_string_is_translated_to_danish():
    missing = missing_translations("da")
    assert not missing, "\n".join(f"{w[0]}: {m}" for m, w in missing.items())


# Templates look the catalogue up once per render (web/core/i18n.py); they must read exactly as
# with Jinja's own new-style gettext over Flask-Babel, which they replace.
SNIPPETS = [
    '{{ _("Name") }}',
    '{{ gettext("Municipality %(name)s created.", name="Stevns & Co") }}',
    '{{ _("Municipality %(name)s created.", name="<b>Stevns</b>") }}',
    '{{ _("Up 100%% of the time") }}',
    '{{ _("Not in the catalogue") }}',
    '{{ ngettext("%(num)d day", "%(num)d days", 1) }} {{ ngettext("%(num)d day", "%(num)d days", 3) }}',
    '{% trans name="<i>x</i>" %}Municipality {{ name }} created.{% endtrans %}',
    '{% trans count=2 %}{{ count }} day{% pluralize %}{{ count }} days{% endtrans %}',
]


@pytest.fixture
def plain_app(tmp_path):
    """The app without a database: rendering needs none."""
    return create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path),
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"})


def stock_environment():
    """Jinja's own new-style gettext over Flask-Babel, as Flask-Babel installs it."""
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_callables(
        lambda s: get_translations().ugettext(s),
        lambda s, p, n: get_translations().ungettext(s, p, n), newstyle=True)
    return env


@pytest.mark.parametrize("snippet", SNIPPETS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_template_translations_read_as_jinja_and_flask_babel_would(plain_app, snippet, lang):
    with plain_app.test_request_context("/"), force_locale(lang):
        expected = stock_environment().from_string(snippet).render()
        assert render_template_string(snippet) == expected
        # A macro imported without context has no catalogue in its context: it looks it up.
        assert plain_app.jinja_env.from_string(snippet).render() == expected
    if lang == "da" and "Name" in snippet:
        assert expected == "Navn"


def test_a_render_uses_the_language_chosen_when_it_starts(plain_app):
    with plain_app.test_request_context("/"):
        assert render_template_string('{{ _("Name") }}') == "Navn"
        with force_locale("en"):
            assert render_template_string('{{ _("Name") }}') == "Name"
        assert render_template_string('{{ _("Name") }}') == "Navn"
