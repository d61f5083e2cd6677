"""Settings gunicorn reads from this folder when started here: ``gunicorn 'wsgi:create_app()'``.

Command-line options (``-w``, ``-b``) still choose workers and address.
"""
import gc


def post_worker_init(worker):
    """Take what the app built at start-up (about 160,000 objects: models, templates,
    translations) out of the garbage collector's full passes. Otherwise a worker stops for
    about 125 ms now and then to re-check them; with them frozen a full pass takes about 30."""
    gc.freeze()
