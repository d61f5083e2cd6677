"""From sign-up to an active volunteer: pipeline, match profile, screening, training, photos."""
