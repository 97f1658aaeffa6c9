"""The ``plankg`` command.

Each subcommand lives in its own module under :mod:`service.commands` and
registers itself through a ``register(app)`` function, so commands are added
without touching this file. Conventions every command follows:

- a command that prints results takes ``--format`` (``table`` for people;
  ``json``, ``csv`` or an RDF format for scripts);
- errors go to stderr with a non-zero exit status (see :func:`fail`).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from loaders.errors import PlankgError

app = typer.Typer(
    name="plankg",
    help="Knowledge graph and semantic queries over public-policy action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    import service.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"service.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


def fail(message: str, code: int = 1) -> "typer.Exit":
    """Print ``message`` on stderr and return the Exit to raise."""
    typer.echo(f"plankg: error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    _register_commands()
    try:
        app()
    except PlankgError as exc:
        typer.echo(f"plankg: error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
