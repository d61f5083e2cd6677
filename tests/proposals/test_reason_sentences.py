"""Reasons read naturally in Danish and English: typical profiles → the exact sentences.

The matcher gives codes and values (no Flask, no words); web/matching/reasons.py writes them
with the catalogue, plural forms included. No database: the sentences need only the app."""
import pytest
from flask_babel import force_locale

from matcher import Engine
from tests.matcher.conftest import make_citizen as citizen
from tests.matcher.conftest import make_volunteer as volunteer
from web import create_app
from web.core.i18n import locale_for
from web.matching.reasons import fit_words, sentences, work_line

PROFILES = [
    ("wants to be a carpenter, plays football, speaks Arabic, 6 km apart",
     citizen("c", wishes="vil gerne være tømrer", interests=["spiller fodbold"], languages=["da", "ar"]),
     volunteer("v", occupation="tømrer", interests=["Fodbold"], languages=["dansk", "arabisk"],
               lat=55.5, lon=12.25),
     ["Arbejder som tømrer", "Bor 6 km fra dig", "I kan begge lide fodbold", "I taler begge arabisk"],
     ["Works as tømrer", "Lives 6 km from you", "You both like fodbold", "You both speak Arabic"]),
    ("an electrician's wish, gaming and music, evenings and weekends, same town",
     citizen("c", wishes="elektriker", interests=["gaming", "musik"],
             availability=["weekday_evening", "weekend"]),
     volunteer("v", occupation="pensionist", work_history="Elektriker i et lille firma",
               leisure=["Gaming", "musik"], availability=["weekday_evening", "weekend"]),
     ["Har arbejdet som elektriker", "I kan begge lide gaming og musik", "Bor tæt på dig",
      "I kan begge mødes på hverdagsaftener og i weekenden"],
     ["Has worked as elektriker", "You both like gaming and musik", "Lives close to you",
      "You can both meet on weekday evenings and at weekends"]),
    ("a smith's wish, a trained locksmith who speaks Somali",
     citizen("c", wishes="smed", languages=["Somali"]),
     volunteer("v", education="Uddannet klejnsmed", languages=["somali"]),
     ["Er uddannet klejnsmed", "Bor tæt på dig", "I taler begge somali", "I kan begge mødes i weekenden"],
     ["Trained as klejnsmed", "Lives close to you", "You both speak Somali", "You can both meet at weekends"]),
    ("no wish yet; a role model 9 years older who has had two young people, towns unknown",
     citizen("c", birth_year=2009, lat=None, lon=None, availability=["weekday_day"]),
     volunteer("v", birth_year=2000, experience=2, lat=None, lon=None, availability=["weekday_day"]),
     ["I kan begge mødes på hverdage i dagtimerne", "Var på din alder for 9 år siden",
      "Har været rollemodel for 2 unge før"],
     ["You can both meet on weekdays in the daytime", "Was your age 9 years ago",
      "Has been a role model for 2 young people before"]),
    ("one earlier young person, three languages in common",
     citizen("c", languages=["ar", "tr", "en"], lat=None, lon=None, availability=[]),
     volunteer("v", languages=["arabisk", "tyrkisk", "engelsk"], experience=1, lat=None, lon=None,
               availability=[]),
     ["I taler begge arabisk, tyrkisk og engelsk", "Har været rollemodel for en ung før"],
     ["You both speak Arabic, Turkish and English", "Has been a role model for a young person before"]),
]


@pytest.fixture(scope="module")
def plain_app(tmp_path_factory):
    """The app without a database: the sentences need none."""
    path = tmp_path_factory.mktemp("reasons")
    return create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(path),
                       "DATABASE_URL": f"sqlite:///{path / 'unused.db'}"})


@pytest.mark.parametrize("profile", PROFILES, ids=[p[0] for p in PROFILES])
def test_typical_profiles_give_these_exact_sentences(plain_app, profile):
    _name, cit, vol, danish, english = profile
    [result] = Engine().suggest([cit], [vol])
    reasons = result["suggestions"][0]["reasons"]
    assert all(isinstance(r, dict) and r["code"] for r in reasons)  # data, not words
    with plain_app.test_request_context("/"):
        with force_locale("da"):
            assert sentences(reasons) == danish
        with force_locale(locale_for("en")):
            assert sentences(reasons) == english


@pytest.mark.parametrize("reason, da, en", [
    ({"code": "distance", "km": 1}, "Bor 1 km fra dig", "Lives 1 km from you"),
    ({"code": "age", "years": 1}, "Var på din alder for 1 år siden", "Was your age 1 year ago"),
    ({"code": "interests", "items": ["skak", "film", "dans"]}, "I kan begge lide skak, film og dans",
     "You both like skak, film and dans"),
    ({"code": "something new"}, None, None),
    ("En gammel sætning", "En gammel sætning", "En gammel sætning"),
])
def test_plural_forms_lists_unknown_codes_and_old_text(plain_app, reason, da, en):
    with plain_app.test_request_context("/"):
        for lang, expected in (("da", da), ("en", en)):
            with force_locale(locale_for(lang)):
                assert sentences([reason]) == ([expected] if expected else [])


def test_no_clumsy_wording_in_either_language(plain_app):
    """The sentences the issue named are gone, whatever the profile."""
    banned = ("Er kun", "I spiller begge", "Har god tid", "only", "play both")
    with plain_app.test_request_context("/"):
        for _name, cit, vol, _da, _en in PROFILES:
            reasons = Engine().suggest([cit], [vol])[0]["suggestions"][0]["reasons"]
            for lang in ("da", "en"):
                with force_locale(locale_for(lang)):
                    assert not [s for s in sentences(reasons) if any(b in s for b in banned)]


class Person:
    def __init__(self, occupation, work_history):
        self.occupation, self.work_history = occupation, work_history


@pytest.mark.parametrize("occupation, history, line", [
    ("Elektriker", "Elektriker i et lille firma", "Elektriker i et lille firma"),
    ("Tømrer og snedker", "tømrer", "Tømrer og snedker"),
    ("Pensionist", "Sygeplejerske i 30 år", "Pensionist. Sygeplejerske i 30 år"),
    ("", "Kok", "Kok"),
])
def test_the_card_says_the_job_once(occupation, history, line):
    assert work_line(Person(occupation, history)) == line


def test_fit_in_words(plain_app):
    with plain_app.test_request_context("/"):
        with force_locale("da"):
            assert [fit_words(s) for s in (0.8, 0.5, 0.1, None)] == \
                ["stærkt match", "godt match", "muligt match", None]
        with force_locale(locale_for("en")):
            assert fit_words(0.8) == "strong match"
