"""Service settings: the one place environment variables are read.

:class:`Settings` is a frozen dataclass with defaults; tests build it
directly (``Settings(store="memory:", query_timeout=2)``), the service and
commands call :meth:`Settings.from_env`.

| variable | field | default |
|---|---|---|
| ``PLANKG_STORE`` | ``store`` | ``embedded:var/store`` (also ``sparql:QUERY_URL[,UPDATE_URL]``, ``memory:``) |
| ``PLANKG_QUERY_TIMEOUT`` | ``query_timeout`` (seconds) | 30 |
| ``PLANKG_MAX_ROWS`` | ``max_rows`` | 10000 |
| ``PLANKG_MAX_QUERY_LENGTH`` | ``max_query_length`` (characters) | 100000 |
| ``PLANKG_MAX_QUERY_DEPTH`` | ``max_query_depth`` (nested brackets) | 64 |
| ``PLANKG_TOKEN`` | ``token`` (bearer token of write endpoints; unset = writes disabled) | unset |
| ``PLANKG_MAX_UPLOAD_BYTES`` | ``max_upload_bytes`` | 20000000 |
| ``PLANKG_QUERY_WORKERS`` | ``query_workers`` (processes running ``/sparql`` queries) | 2 |
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from loaders.errors import PlankgError

T = TypeVar("T")


class ConfigError(PlankgError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Every tunable of the service, with its default."""

    store: str = "embedded:var/store"
    query_timeout: float = 30.0
    max_rows: int = 10_000
    max_query_length: int = 100_000
    max_query_depth: int = 64
    token: str | None = None
    max_upload_bytes: int = 20_000_000
    query_workers: int = 2

    def __post_init__(self) -> None:
        if self.query_timeout <= 0:
            raise ConfigError(f"query timeout must be positive, got {self.query_timeout}")
        for name in ("max_rows", "max_query_length", "max_query_depth", "max_upload_bytes", "query_workers"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.token == "":
            object.__setattr__(self, "token", None)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``PLANKG_*`` variables (``environ`` defaults to ``os.environ``)."""
        env = os.environ if environ is None else environ
        defaults = cls()

        def read(name: str, parse: Callable[[str], T], default: T) -> T:
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                return default
            try:
                return parse(raw.strip())
            except ValueError:
                raise ConfigError(f"{name}={raw!r} is not a valid {parse.__name__}") from None

        return cls(
            store=read("PLANKG_STORE", str, defaults.store),
            query_timeout=read("PLANKG_QUERY_TIMEOUT", float, defaults.query_timeout),
            max_rows=read("PLANKG_MAX_ROWS", int, defaults.max_rows),
            max_query_length=read("PLANKG_MAX_QUERY_LENGTH", int, defaults.max_query_length),
            max_query_depth=read("PLANKG_MAX_QUERY_DEPTH", int, defaults.max_query_depth),
            token=env.get("PLANKG_TOKEN") or None,
            max_upload_bytes=read("PLANKG_MAX_UPLOAD_BYTES", int, defaults.max_upload_bytes),
            query_workers=read("PLANKG_QUERY_WORKERS", int, defaults.query_workers),
        )
