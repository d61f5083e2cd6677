"""The learned models follow the scikit-learn estimator contract."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from matcher.choice import ChoiceLogit


@parametrize_with_checks([ChoiceLogit()])
def test_sklearn_compatible_estimator(estimator, check):
    """Run every scikit-learn estimator check."""
    check(estimator)
