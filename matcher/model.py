"""MatchModel: the learned choice/outcome models plus how much to trust them, saved with joblib."""

from dataclasses import dataclass, field

import joblib
import numpy as np
import sklearn
from scipy.special import expit

from matcher.terms import TERMS

PRIOR_LABEL = "prior v1"
FILE_FORMAT = 1


@dataclass
class MatchModel:
    """A trained model bundle; `blend_weight` 0 means the prior decides, 1 the choice model alone."""

    name: str = "choice-logit"
    version: int = 1
    trained_at: str = ""
    n_train: int = 0
    metrics: dict = field(default_factory=dict)
    blend_weight: float = 0.0
    choice: object = None
    outcome: object = None
    outcome_trusted: bool = False

    @property
    def label(self):
        """Return the label shown to coordinators, e.g. "choice-logit v3 (2026-11-22)"."""
        own = f"{self.name} v{self.version} ({self.trained_at[:10]})"
        if self.choice is None or self.blend_weight <= 0:
            label = f"{PRIOR_LABEL} (fallback; {own} not better yet)" if self.choice is not None else PRIOR_LABEL
        else:
            label = own if self.blend_weight >= 1 else f"blend {self.blend_weight:.2f} {own} + {PRIOR_LABEL}"
        # Say so when the lasting-pair model reorders the candidates too.
        return label + " + outcome" if self.outcome is not None and self.outcome_trusted else label

    def score_block(self, terms, prior):
        """Return blended scores for a block: (1 − w)·prior + w·P(pick) from the linear choice model."""
        w = self.blend_weight if self.choice is not None else 0.0
        if w <= 0:
            return prior
        # The choice model is linear in the terms, so score the block without stacking features.
        u = np.full(prior.shape, -self.choice.none_utility_, dtype=np.float32)
        for coef, name in zip(self.choice.coef_, TERMS):
            u += np.float32(coef) * terms[name]
        p = expit(u, out=u)
        return p if w >= 1 else (1 - w) * prior + w * p

    def rerank(self, features, scores):
        """Return candidate scores times P(pair lasts) when a trusted outcome model is attached."""
        if self.outcome is None or not self.outcome_trusted or len(features) == 0:
            return scores
        return scores * self.outcome.predict_proba(features)[:, 1].astype(scores.dtype)

    def save(self, path):
        """Write the bundle to `path` with its name, version, training date, size and metrics."""
        joblib.dump({"format": FILE_FORMAT, "sklearn": sklearn.__version__, **self.__dict__}, path)

    @classmethod
    def load(cls, path):
        """Read a bundle written by `save`."""
        data = joblib.load(path)
        if data.pop("format", None) != FILE_FORMAT:
            raise ValueError(f"{path} is not a matcher model file (format {FILE_FORMAT})")
        data.pop("sklearn", None)
        return cls(**data)
