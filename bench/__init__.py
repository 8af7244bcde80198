"""`make bench`: the app at a Polres's size under gunicorn, measured from 127.0.0.1 (see docs/PERFORMANCE.md)."""
