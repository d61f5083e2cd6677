"""Text normalisation: Danish words, occupation family tags, interest keys, TF-IDF similarity.

Occupation text is compared with TF-IDF on character n-grams (``char_wb``, 3–5) so inflections
and compounds ("tømrer", "tømrerlærling") overlap, plus a family tag from
``lexicon.OCCUPATION_FAMILIES`` appended before vectorising so synonyms without shared letters
("tømrer", "snedker") still meet. The vectoriser is fitted on the union of texts being compared.
"""

import re
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.lexicon import (INTEREST_FILLER, INTEREST_SYNONYMS, OCCUPATION_FAMILIES,
                             TEXT_STOPWORDS)

_WORD = re.compile(r"[a-zæøåéü0-9]+(?:-[a-zæøåéü0-9]+)*")
# Longest first, so "anlægsgartner" is tried before "gartner".
_FAMILY_WORDS = sorted(
    ((w, tag) for tag, words in OCCUPATION_FAMILIES.items() for w in words if " " not in w),
    key=lambda item: -len(item[0]),
)
# Danish inflection endings, longest first; enough to make "fodbolden"/"fodbold" meet.
_ENDINGS = ("erne", "ene", "er", "en", "et", "e")


def words(text):
    """Return the lower-case words of a text."""
    return _WORD.findall((text or "").lower())


@lru_cache(maxsize=65536)
def occupation_family(word):
    """Return the occupation family tag of one word (prefix or compound suffix match), or None."""
    for key, tag in _FAMILY_WORDS:
        if word == key:
            return tag
        # Short keys ("it", "kok") only match whole words; longer ones also inside compounds.
        if len(key) >= 4 and (word.startswith(key) or word.endswith(key)):
            return tag
    return None


@lru_cache(maxsize=65536)
def family_tags(text):
    """Return the occupation family tags found in a text, in order of first appearance."""
    seen = []
    for w in words(text):
        tag = occupation_family(w)
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


@lru_cache(maxsize=65536)
def tag_text(text):
    """Return content words of an occupation text followed by their family tags (twice, for weight)."""
    content = [w for w in words(text) if w not in TEXT_STOPWORDS]
    tags = list(family_tags(" ".join(content)))
    return " ".join(content + tags + tags)


def stem(word):
    """Return a crude Danish stem so inflected forms of one word compare equal."""
    for ending in _ENDINGS:
        if len(word) - len(ending) >= 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def interest_keys(item):
    """Return (key, display word) pairs for one interest item ("Spiller fodbold" -> fodbold)."""
    phrase = " ".join(words(item))
    if phrase in INTEREST_SYNONYMS:
        canonical = INTEREST_SYNONYMS[phrase]
        return ((stem(canonical), canonical),)
    out = []
    for w in words(item):
        if w in INTEREST_FILLER:
            continue
        canonical = INTEREST_SYNONYMS.get(w) or INTEREST_SYNONYMS.get(stem(w)) or w
        out.append((stem(canonical), canonical))
    return tuple(out)


def tfidf_rows(texts, vectorizer):
    """Return the fitted vectoriser's L2-normalised TF-IDF rows for texts, as CSR float32.

    Same result as ``vectorizer.transform`` (sublinear tf × idf, L2 norm) without its per-call
    validation, which dominates when one citizen is scored on the coordinator's page.
    """
    analyze, vocab, idf = vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_
    indptr, indices, data = [0], [], []
    for text in texts:
        counts = {}
        for gram in analyze(text):
            col = vocab.get(gram)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        cols = np.fromiter(counts, dtype=np.int32, count=len(counts))
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[cols]
        norm = np.sqrt(values @ values)
        indices.append(cols)
        data.append(values / norm if norm else values)
        indptr.append(indptr[-1] + len(cols))
    return sp.csr_matrix((np.concatenate(data or [np.zeros(0)]).astype(np.float32),
                          np.concatenate(indices or [np.zeros(0, np.int32)]), indptr),
                         shape=(len(indptr) - 1, len(vocab)))


def make_vectorizer():
    """Return the unfitted character n-gram TF-IDF vectoriser used for occupation text."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32)
