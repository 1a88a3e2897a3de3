"""The soak scripts run on demand (`python -m tests.soak.<script>`), never in the default pytest run:
they restart the machine's PostgreSQL/Redis and take minutes."""

collect_ignore_glob = ["*.py"]
