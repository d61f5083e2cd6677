"""The engine's reasons in the reader's language: the matcher gives codes and values
(``matcher.reasons``), this module writes the sentences with the translation catalogue.

Sentences are about the role model, as the young person reads the card ("Bor 6 km fra dig").
Values the people wrote themselves (a job, an interest) are shown as written; languages and
time slots are named in the reader's language. A reason stored as plain text (older demo
data) is shown as it is.
"""
from babel import Locale
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

SLOTS = {
    "weekday_day": _l("on weekdays in the daytime"),
    "weekday_evening": _l("on weekday evenings"),
    "weekend": _l("at weekends"),
}
# The fit in words, from the option's score (prior scale 0…1); see fit_words.
FIT_LEVELS = ((0.6, _l("strong match")), (0.4, _l("good match")), (0.0, _l("possible match")))


def _locale() -> Locale:
    return get_locale() or Locale("da")


def _and(items) -> str:
    """Join items the reader's way: "a, b og c" / "a, b and c"."""
    items = [str(i) for i in items]
    return format_list(items, locale=_locale()) if items else ""


def _language(code: str) -> str:
    """Name a language (ISO code or name) in the reader's language, lower case in Danish."""
    name = _locale().languages.get(code, code)
    return name.lower() if _locale().language == "da" else name[:1].upper() + name[1:]


def sentence(reason) -> str | None:
    """Return one reason as a sentence, or None for an unknown code."""
    if isinstance(reason, str):
        return reason
    code = reason.get("code")
    if code == "work":
        return _("Works as %(job)s", job=reason["job"])
    if code == "worked":
        return _("Has worked as %(job)s", job=reason["job"])
    if code == "trained":
        return _("Trained as %(job)s", job=reason["job"])
    if code == "interests":
        return _("You both like %(things)s", things=_and(reason["items"]))
    if code == "near":
        return _("Lives close to you")
    if code == "distance":
        return ngettext("Lives %(num)d km from you", "Lives %(num)d km from you", reason["km"])
    if code == "age":
        return ngettext("Was your age %(num)d year ago", "Was your age %(num)d years ago",
                        reason["years"])
    if code == "languages":
        return _("You both speak %(languages)s",
                 languages=_and(_language(x) for x in reason["languages"]))
    if code == "availability":
        return _("You can both meet %(when)s",
                 when=_and(SLOTS[s] for s in reason["slots"] if s in SLOTS))
    if code == "experience":
        return ngettext("Has been a role model for a young person before",
                        "Has been a role model for %(num)d young people before", reason["matches"])
    if code == "work_area":  # the demo data's own fit
        return _("Has experience in %(area)s", area=reason["area"])
    if code == "town":
        return _("Lives in %(town)s", town=reason["town"])
    if code == "same_town":
        return _("Also lives in %(town)s", town=reason["town"])
    if code == "keen":
        return _("Looks forward to meeting you")
    return None


def sentences(reasons) -> list[str]:
    """Return the sentences of a list of reasons, skipping codes this version does not know."""
    return [s for s in (sentence(r) for r in reasons or ()) if s]


def fit_words(score) -> str | None:
    """Return the fit in words ("strong match") for an option's score, None when unscored."""
    if score is None:
        return None
    return next(str(words) for floor, words in FIT_LEVELS if score >= floor)


def work_line(person) -> str:
    """Return a role model's work in one line, without saying the job twice: "Elektriker" and
    "Elektriker i et lille firma" read "Elektriker i et lille firma"."""
    job, history = (person.occupation or "").strip(), (person.work_history or "").strip()
    if not job or not history:
        return job or history
    if job.lower() in history.lower():
        return history
    if history.lower() in job.lower():
        return job
    return f"{job.rstrip('.')}. {history}"


def init_app(app) -> None:
    """Make ``reasons|sentences``, ``score|fit_words`` and ``person|work_line`` available in
    templates."""
    app.add_template_filter(sentences, "sentences")
    app.add_template_filter(fit_words, "fit_words")
    app.add_template_filter(work_line, "work_line")
