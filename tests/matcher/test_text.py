"""Occupation text similarity and tolerant interest matching."""

from matcher import Engine
from matcher.text import interest_keys


def _occupation_terms(wish, occupations, citizen, volunteer):
    """Return the occupation term of one citizen's wish against volunteers with these occupations."""
    vols = [volunteer(f"v{i}", occupation=o) for i, o in enumerate(occupations)]
    return Engine().score([citizen("c", wishes=wish)], vols)[1]["occupation"][0]


def test_carpentry_family_is_closer_than_nursing(citizen, volunteer):
    """tømrer ~ tømrerlærling ~ snedker are all closer to each other than tømrer ~ sygeplejerske."""
    occs = ["tømrerlærling", "snedker", "sygeplejerske", "tømrer"]
    for wish in ("tømrer", "vil gerne være tømrer"):
        lærling, snedker, sygeplejerske, tømrer = _occupation_terms(wish, occs, citizen, volunteer)
        assert tømrer >= lærling > sygeplejerske
        assert snedker > sygeplejerske
        assert sygeplejerske < 0.1
    lærling, snedker, sygeplejerske, _ = _occupation_terms("tømrerlærling", occs, citizen, volunteer)
    assert snedker > sygeplejerske and lærling > sygeplejerske


def test_family_map_links_words_without_shared_letters(citizen, volunteer):
    """SOSU and social- og sundhedsassistent meet sygeplejerske through the family map."""
    sosu, frisør = _occupation_terms("SOSU", ["sygeplejerske", "frisør"], citizen, volunteer)
    assert sosu > 0.3 > frisør


def test_no_wish_gives_no_occupation_match(citizen, volunteer):
    """A citizen without a job wish gets 0 for every volunteer."""
    assert _occupation_terms("", ["tømrer", "kok"], citizen, volunteer).tolist() == [0, 0]


def test_interest_keys_tolerate_case_inflection_and_verbs():
    """"Fodbold", "spiller fodbold" and "fodbolden" all reduce to the same key."""
    keys = {k for item in ("Fodbold", "spiller fodbold", "fodbolden", "går til fodbold")
            for k, _ in interest_keys(item)}
    assert keys == {"fodbold"}
    assert interest_keys("computerspil")[0][0] == interest_keys("Gaming")[0][0]


def test_shared_interest_term_counts_shared_items(citizen, volunteer):
    """One shared interest gives 0.5, two give 0.75, none gives 0."""
    vols = [volunteer("one", interests=["fodbold"]), volunteer("two", interests=["Fodbold"], leisure=["går til musik"]),
            volunteer("none", interests=["strikning"])]
    cit = citizen("c", interests=["Spiller fodbold", "musik"])
    assert Engine().score([cit], vols)[1]["interests"][0].tolist() == [0.5, 0.75, 0.0]


def test_fast_tfidf_rows_match_sklearn_transform():
    """The hand-rolled TF-IDF row builder gives sklearn's transform exactly."""
    import numpy as np

    from matcher.text import make_vectorizer, tag_text, tfidf_rows

    texts = [tag_text(t) for t in ("tømrer", "vil gerne være frisør", "SOSU", "", "xyz qqq")]
    vectorizer = make_vectorizer().fit(texts[:3])
    np.testing.assert_allclose(tfidf_rows(texts, vectorizer).toarray(),
                               vectorizer.transform(texts).toarray(), rtol=1e-6)
