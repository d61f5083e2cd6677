"""Rollemodel matcher: rank volunteer role models for young citizens and choose 2–3 to show.

Pure computation (numpy, scipy, scikit-learn, joblib); records come in as plain dicts.

    engine = Engine(model=None)                 # None: the explainable prior
    engine.suggest(citizens, volunteers, k=3)   # -> [{"citizen", "model", "suggestions": [...]}]
    engine.score(citizens, volunteers)          # -> (scores C×V, {term: C×V}, mask C×V)
    model = train_choice_model(choice_sets, citizens, volunteers, version=3)
    model = train_outcome_model(pairs, citizens, volunteers, model=model)
    evaluate(model, choice_sets, citizens, volunteers)   # -> {"ndcg3", "pick_accuracy", ...}
    model.save(path); MatchModel.load(path)

Scoring: hard filters, then named terms in [0, 1] combined with documented weights (see
`matcher.terms`). Occupation text uses character n-gram TF-IDF (char_wb, 3–5) plus a Danish
occupation-family map, so "tømrer" ~ "tømrerlærling" ~ "snedker" but not "sygeplejerske" (see
`matcher.text`). A round is solved as one linear programme with exposure and diversity limits
(`matcher.rounds`). Learned models replace or blend with the prior only when they beat it on a
time-based hold-out (`matcher.training`). Details: matcher/README.md.
"""

from matcher.engine import Engine
from matcher.model import MatchModel
from matcher.terms import PRIOR_WEIGHTS, TERMS
from matcher.training import evaluate, lasted, train_choice_model, train_outcome_model

__all__ = ["Engine", "MatchModel", "PRIOR_WEIGHTS", "TERMS", "evaluate", "lasted",
           "train_choice_model", "train_outcome_model"]
