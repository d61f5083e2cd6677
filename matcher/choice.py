"""ChoiceLogit: a conditional-logit choice model with a "chose none" option, as an sklearn classifier."""

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data


def _group_codes(groups, n):
    """Return contiguous integer group codes (each row its own group when groups is None)."""
    if groups is None:
        return np.arange(n)
    groups = np.asarray(groups)
    if len(groups) != n:
        raise ValueError(f"groups has {len(groups)} entries for {n} samples")
    return np.unique(groups, return_inverse=True)[1].ravel()


class ChoiceLogit(ClassifierMixin, BaseEstimator):
    """Conditional logit over choice sets: P(pick i | set) = e^{x_i·w} / (e^b + Σ_j e^{x_j·w}).

    One row per shown option, y marks the chosen row(s); `groups` in `fit` says which rows were
    shown together (rows of a set where nothing was chosen teach the "none" utility b). Without
    `groups` every row is its own set and the model is an L2-penalised logistic regression.
    `predict_proba` gives the probability of picking one option shown alone (σ(x·w − b)).
    """

    def __init__(self, alpha=1.0, max_iter=200, start=None):
        """Store the L2 penalty `alpha`, the optimiser's iteration limit and `start`.

        `start` (weights then none-utility, or None for zeros) is where the penalty pulls the
        parameters: e.g. the weighted average of other municipalities' fitted weights, so a
        municipality with few choices of its own begins from their experience (weights only).
        """
        self.alpha = alpha
        self.max_iter = max_iter
        self.start = start

    def __sklearn_tags__(self):
        """Declare a binary-only classifier."""
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def fit(self, X, y, groups=None):
        """Fit the weights and the none-utility by penalised maximum likelihood; return self."""
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        y_type = type_of_target(y, input_name="y", raise_unknown=True)
        if y_type != "binary":
            # Chosen / not chosen is binary; the wording is what sklearn's checks expect.
            raise ValueError(f"Only binary classification is supported. The type of the target is {y_type}.")
        self.classes_, encoded = np.unique(y, return_inverse=True)
        picked = (encoded.ravel() == 1).astype(float) if len(self.classes_) == 2 else np.zeros(len(y))
        codes = _group_codes(groups, len(y))
        self._anchor = (np.zeros(X.shape[1] + 1) if self.start is None
                        else np.asarray(self.start, dtype=float).ravel())
        res = minimize(self._loss, self._anchor.copy(), args=(X, picked, codes),
                       jac=True, method="L-BFGS-B", options={"maxiter": self.max_iter})
        self.coef_, self.none_utility_ = res.x[:-1], float(res.x[-1])
        self.n_iter_ = int(res.nit)
        return self

    def _loss(self, params, X, picked, codes):
        """Return the penalised negative log-likelihood and its gradient."""
        w, b = params[:-1], params[-1]
        u = X @ w
        n_groups = codes.max() + 1
        top = np.full(n_groups, b)
        np.maximum.at(top, codes, u)
        eu = np.exp(u - top[codes])
        denom = np.exp(b - top) + np.bincount(codes, eu, n_groups)
        # A set with no pick counts once, for the none option; a set with picks once per pick.
        picks = np.bincount(codes, picked, n_groups)
        times = np.maximum(picks, 1)
        log_lik = picked @ u + b * np.sum(picks == 0) - np.sum(times * (top + np.log(denom)))
        p_rows = eu * (times / denom)[codes]
        grad_w = X.T @ (picked - p_rows)
        grad_b = np.sum(picks == 0) - np.sum(times * np.exp(b - top) / denom)
        dw, db = w - self._anchor[:-1], b - self._anchor[-1]
        penalty = 0.5 * self.alpha * (dw @ dw + db * db)
        return (-log_lik + penalty,
                np.r_[-grad_w + self.alpha * dw, -grad_b + self.alpha * db])

    def decision_function(self, X):
        """Return each option's utility relative to choosing none (x·w − b)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return X @ self.coef_ - self.none_utility_

    def predict_proba(self, X):
        """Return [P(not picked), P(picked)] for each option shown on its own."""
        p = expit(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """Return the class of each row: picked (classes_[1]) when its utility beats none."""
        d = self.decision_function(X)
        return self.classes_[(d > 0).astype(int) if len(self.classes_) == 2 else np.zeros(len(d), int)]
