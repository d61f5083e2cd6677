"""Demo data and large synthetic data sets."""
