"""Danish first, English second: locale choice and the translation catalogue.

Translations live as one ``.po`` fragment per feature under ``web/i18n/<lang>/``
so features can be translated side by side; they are merged and compiled to
``.mo`` in the instance folder when the app starts.
"""
import os
import tempfile
from pathlib import Path

import click

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, session
from flask_babel import Babel, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

SOURCE = Path(__file__).parent.parent / "i18n"
babel = Babel()


# The locale that writes dates and numbers for each language: English in British order
# (26 Mar 2026, 17:00), never the American one; the words stay the same English.
FORMATS = {"en": "en_GB"}


def locale_for(language: str | None) -> str:
    """The locale to use (``force_locale``) for a user's language code; Danish by default."""
    language = language or "da"
    return FORMATS.get(language, language)


def select_locale() -> str:
    """Pick the user's saved language, the session's choice, or Danish."""
    langs = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.language in langs:
        return locale_for(current_user.language)
    if session.get("lang") in langs:
        return locale_for(session["lang"])
    return "da"


def _format(ctx, text: str, variables: dict) -> str:
    """What Jinja's new-style gettext does with a translation: mark it safe when escaping is
    on, then fill in the variables (always, so a ``%%`` reads the same with or without)."""
    if ctx.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def _catalogue(ctx):
    """The render's catalogue, which the context processor put in the context once; a macro
    imported without context looks it up."""
    return ctx.get("_translations") or get_translations()


@pass_context
def template_gettext(ctx, string: str, **variables) -> str:
    """``_()`` and ``gettext()`` in templates."""
    return _format(ctx, _catalogue(ctx).ugettext(string), variables)


@pass_context
def template_ngettext(ctx, singular: str, plural: str, num: int, **variables) -> str:
    """``ngettext()`` in templates, with ``num`` filled in as Jinja's own does."""
    variables.setdefault("num", num)
    return _format(ctx, _catalogue(ctx).ungettext(singular, plural, num), variables)


def merged_catalog(lang: str) -> Catalog:
    """Merge every fragment of one language into a single catalogue."""
    merged = Catalog(locale=lang)
    for path in sorted((SOURCE / lang).glob("*.po")):
        with open(path, "rb") as fh:
            for msg in read_po(fh, locale=lang):
                if msg.id and msg.string and msg.id not in merged:
                    merged[msg.id] = msg
    return merged


def compile_catalogs(out_dir: str) -> None:
    """Write ``<lang>/LC_MESSAGES/messages.mo`` for every language with fragments."""
    for lang_dir in SOURCE.iterdir():
        if not lang_dir.is_dir():
            continue
        target = Path(out_dir, lang_dir.name, "LC_MESSAGES")
        target.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a second worker starting at once never reads half a file.
        fd, tmp = tempfile.mkstemp(dir=target)
        with os.fdopen(fd, "wb") as fh:
            write_mo(fh, merged_catalog(lang_dir.name))
        os.replace(tmp, target / "messages.mo")


def init_app(app) -> None:
    """Compile the catalogues and set up Flask-Babel."""
    out_dir = os.path.join(app.instance_path, "translations")
    compile_catalogs(out_dir)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = out_dir
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    # Flask-Babel looks the catalogue up again for every string of a template (about 40 us
    # each, dozens per page); look it up once per render instead.
    app.context_processor(lambda: {"_translations": get_translations()})
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext,
                                 ngettext=template_ngettext)
    app.cli.add_command(i18n_cli)


def extract_messages() -> dict[str, list[str]]:
    """Collect every translatable string of the web app, with where it appears."""
    from babel.messages.extract import extract_from_dir

    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.do"}}
    root = Path(__file__).parent.parent
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(root), method_map, options, keywords={"_": None, "gettext": None, "_l": None,
                                                  "lazy_gettext": None, "ngettext": (1, 2)}
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def missing_translations(lang: str = "da") -> dict[str, list[str]]:
    """Return the strings used in the app that ``lang`` has no translation for."""
    catalog = merged_catalog(lang)
    # A plural entry is keyed by its singular; its plural msgid is translated with it.
    known = {part for msg in catalog if msg.id and msg.string
             for part in (msg.id if isinstance(msg.id, tuple) else (msg.id,))}
    return {m: where for m, where in extract_messages().items() if m not in known}


@click.group("i18n")
def i18n_cli():
    """Translation commands."""


@i18n_cli.command("missing")
@click.option("--lang", default="da")
@click.option("--append-to", help="Append empty entries for the missing strings to this .po fragment.")
def missing_command(lang, append_to):
    """List strings without a translation (exit status 1 if any)."""
    missing = missing_translations(lang)
    for msgid, where in missing.items():
        click.echo(f"{where[0]}: {msgid}")
    if append_to and missing:
        with open(append_to, "a", encoding="utf-8") as fh:
            for msgid, where in missing.items():
                fh.write(f"\n#: {where[0]}\nmsgid {_po_quote(msgid)}\nmsgstr \"\"\n")
    raise SystemExit(1 if missing else 0)


def _po_quote(text: str) -> str:
    """Quote a string for a .po file."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
