"""Subcommands of ``plankg``: one module each, each with ``register(app)``."""
