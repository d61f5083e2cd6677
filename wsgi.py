"""Entry point for ``flask`` (found without --app) and for gunicorn: ``wsgi:create_app()``."""
from web import create_app

__all__ = ["create_app"]
