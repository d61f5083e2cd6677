"""Turn citizen and volunteer records (plain dicts) into the arrays the scoring works on."""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.geo import unit_vectors
from matcher.lexicon import AVAILABILITY_SLOTS, COMMON_LANGUAGE, LANGUAGE_NAMES
from matcher.text import family_tags, interest_keys, make_vectorizer, tag_text, tfidf_rows, words

GENDER_CODES = {"f": 0, "m": 1, "x": 2}


def _float(values):
    """Return a float64 array with None as NaN."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _availability_bits(slots):
    """Return the availability list as a 3-bit integer (0 = unknown)."""
    return sum(1 << AVAILABILITY_SLOTS.index(s) for s in set(slots or ()) if s in AVAILABILITY_SLOTS)


def language_name(name):
    """Return the Danish name of a language given as code or name."""
    key = (name or "").strip().lower()
    return LANGUAGE_NAMES.get(key, key)


def _language_sets(lang_lists, vocab):
    """Return (distinct language sets as a dense 0/1 matrix, set index of each person).

    People share few distinct language sets, so the language term is computed per pair of sets
    and looked up per pair of people.
    """
    keys = [tuple(sorted({vocab[x] for x in ls if x in vocab})) for ls in lang_lists]
    distinct = sorted(set(keys)) or [()]
    position = {k: i for i, k in enumerate(distinct)}
    sets = np.zeros((len(distinct), len(vocab)), dtype=np.float32)
    for i, k in enumerate(distinct):
        sets[i, list(k)] = 1
    return sets, np.array([position[k] for k in keys], dtype=np.intp)


def _binary_rows(item_lists, vocab, dense_upto=512):
    """Return a 0/1 matrix with one row per list and a column per known vocab key.

    Small vocabularies come back dense (one BLAS product per block beats sparse overhead),
    large ones as CSR.
    """
    rows, cols = [], []
    for r, items in enumerate(item_lists):
        for c in {vocab[k] for k in items if k in vocab}:
            rows.append(r)
            cols.append(c)
    if len(vocab) <= dense_upto:
        out = np.zeros((len(item_lists), len(vocab)), dtype=np.float32)
        out[rows, cols] = 1
        return out
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(item_lists), len(vocab)))


def _interest_lists(record, fields):
    """Return the interest keys of a record's given list fields."""
    return [key for f in fields for item in record.get(f) or () for key, _ in interest_keys(item)]


def _unique_rows(texts, vectorizer):
    """Return (TF-IDF matrix of the distinct texts, index of each text in it)."""
    if not texts:
        return sp.csr_matrix((0, len(vectorizer.vocabulary_)), dtype=np.float32), np.zeros(0, dtype=int)
    uniques, inverse = np.unique(np.array(texts, dtype=str), return_inverse=True)
    return tfidf_rows(uniques.tolist(), vectorizer), inverse


AGE_BAND_YEARS = 15


def _family_key(record):
    """Return a volunteer's occupation family, else the first word of their occupation."""
    text = " ".join(record.get(f) or "" for f in ("occupation", "work_history", "education"))
    tags = family_tags(text)
    if tags:
        return tags[0]
    first = words(record.get("occupation"))
    return first[0] if first else ""


def _diversity_key(record):
    """Return what makes two volunteers "the same kind": the same occupation family AND the
    same age band (15 years) AND the same gender. A set never holds two of one kind (no three
    retired teachers), yet a young person who wants to be a carpenter can see three carpenters
    who differ in age or gender, instead of at most one from building and construction."""
    year = record.get("birth_year")
    band = int(year) // AGE_BAND_YEARS if year else -1
    return f"{_family_key(record)}|{band}|{record.get('gender') or '?'}"


def _work_text(record):
    """Return the tagged occupation text of a volunteer (occupation, work history, education)."""
    return tag_text(" ".join(record.get(f) or "" for f in ("occupation", "work_history", "education")))


@dataclass
class VolunteerIndex:
    """Volunteer arrays plus the vocabularies citizens are encoded against; build with `index_volunteers`."""

    records: list
    ids: np.ndarray
    position: dict
    birth_year: np.ndarray
    gender: np.ndarray
    xyz: np.ndarray
    interests: object  # dense array or CSR, see _binary_rows
    interest_vocab: dict
    language_sets: np.ndarray
    language_set: np.ndarray
    language_vocab: dict
    availability: np.ndarray
    free: np.ndarray
    capacity: np.ndarray
    load: np.ndarray
    experience: np.ndarray
    matchable: np.ndarray
    vectorizer: object
    work: sp.csr_matrix  # TF-IDF features × distinct work texts
    work_of: np.ndarray
    offers: sp.csr_matrix  # TF-IDF features × distinct offer texts
    offers_of: np.ndarray
    diversity: np.ndarray
    diversity_family: np.ndarray  # the older, stricter rule: one per occupation family

    def __len__(self):
        """Return the number of volunteers."""
        return len(self.ids)


def index_volunteers(volunteers, extra_texts=()):
    """Return a VolunteerIndex; the TF-IDF is fitted on volunteer texts plus `extra_texts` (wishes)."""
    vols = list(volunteers)
    interest_lists = [_interest_lists(v, ("interests", "leisure")) for v in vols]
    interest_vocab = {k: i for i, k in enumerate(sorted({k for ks in interest_lists for k in ks}))}
    lang_lists = [[language_name(x) for x in v.get("languages") or ()] for v in vols]
    # Danish is column 0, so "shared language other than Danish" skips one column.
    others = sorted({k for ls in lang_lists for k in ls} - {COMMON_LANGUAGE})
    language_vocab = {k: i for i, k in enumerate([COMMON_LANGUAGE] + others)}
    language_sets, language_set = _language_sets(lang_lists, language_vocab)
    work_texts = [_work_text(v) for v in vols]
    offer_texts = [tag_text(v.get("offers")) for v in vols]
    # Fit on distinct texts: fifty identical "tømrer" profiles should not make "tømrer" look common.
    corpus = set(work_texts) | set(offer_texts) | {tag_text(t) for t in extra_texts} | {"."}
    vectorizer = make_vectorizer().fit(sorted(corpus))
    work, work_of = _unique_rows(work_texts, vectorizer)
    offers, offers_of = _unique_rows(offer_texts, vectorizer)
    # Stored transposed (features × texts) so each block's product needs no conversion.
    work, offers = work.T.tocsr(), offers.T.tocsr()
    capacity = np.array([int(v.get("capacity") or 0) for v in vols])
    load = np.array([int(v.get("load") or 0) for v in vols])
    keys = [_diversity_key(v) for v in vols]
    key_codes = {k: i for i, k in enumerate(sorted(set(keys)))}
    families = [_family_key(v) for v in vols]
    family_codes = {k: i for i, k in enumerate(sorted(set(families)))}
    return VolunteerIndex(
        records=vols,
        ids=np.array([str(v["id"]) for v in vols], dtype=object),
        position={str(v["id"]): i for i, v in enumerate(vols)},
        birth_year=_float(v.get("birth_year") for v in vols),
        gender=np.array([GENDER_CODES.get(v.get("gender"), -1) for v in vols], dtype=np.int8),
        xyz=unit_vectors(_float(v.get("lat") for v in vols), _float(v.get("lon") for v in vols)),
        # Stored transposed and dense-or-sparse: citizens (sparse) @ this, no BLAS threads.
        interests=_binary_rows(interest_lists, interest_vocab).T.copy(),
        interest_vocab=interest_vocab,
        language_sets=language_sets,
        language_set=language_set,
        language_vocab=language_vocab,
        availability=np.array([_availability_bits(v.get("availability")) for v in vols], dtype=np.uint8),
        free=capacity - load,
        capacity=capacity,
        load=load,
        experience=np.array([int(v.get("experience") or 0) for v in vols]),
        matchable=np.array([bool(v.get("matchable")) for v in vols]),
        vectorizer=vectorizer,
        work=work, work_of=work_of, offers=offers, offers_of=offers_of,
        diversity=np.array([key_codes[k] for k in keys], dtype=np.int32),
        diversity_family=np.array([family_codes[k] for k in families], dtype=np.int32),
    )


@dataclass
class CitizenArrays:
    """Citizen arrays encoded against one VolunteerIndex; build with `encode_citizens`."""

    records: list
    ids: np.ndarray
    birth_year: np.ndarray
    xyz: np.ndarray
    interests: object  # dense array or CSR, see _binary_rows
    language_sets: np.ndarray
    language_set: np.ndarray
    availability: np.ndarray
    preferred_gender: np.ndarray
    max_distance: np.ndarray
    wishes: sp.csr_matrix
    wishes_of: np.ndarray
    has_wish: np.ndarray
    excluded: sp.csr_matrix

    def __len__(self):
        """Return the number of citizens."""
        return len(self.ids)


def encode_citizens(citizens, index):
    """Return CitizenArrays for citizen records, using the vocabularies of `index`."""
    cits = list(citizens)
    lang_lists = [[language_name(x) for x in c.get("languages") or ()] for c in cits]
    language_sets, language_set = _language_sets(lang_lists, index.language_vocab)
    wish_texts = [tag_text(c.get("wishes")) for c in cits]
    wishes, wishes_of = _unique_rows(wish_texts, index.vectorizer)
    excluded = [[x for x in c.get("excluded") or () if str(x) in index.position] for c in cits]
    excl = _binary_rows(excluded, index.position, dense_upto=0)
    return CitizenArrays(
        records=cits,
        ids=np.array([str(c["id"]) for c in cits], dtype=object),
        birth_year=_float(c.get("birth_year") for c in cits),
        xyz=unit_vectors(_float(c.get("lat") for c in cits), _float(c.get("lon") for c in cits)),
        interests=_binary_rows([_interest_lists(c, ("interests",)) for c in cits], index.interest_vocab,
                               dense_upto=0),
        language_sets=language_sets,
        language_set=language_set,
        availability=np.array([_availability_bits(c.get("availability")) for c in cits], dtype=np.uint8),
        preferred_gender=np.array([GENDER_CODES.get(c.get("preferred_gender"), -1) for c in cits], dtype=np.int8),
        max_distance=_float(c.get("max_distance_km") for c in cits),
        wishes=wishes, wishes_of=wishes_of,
        has_wish=np.array([bool(t.strip()) for t in wish_texts]),
        excluded=excl,
    )
