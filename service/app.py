"""The FastAPI application: ``create_app(store=…, settings=…)``.

No module globals: everything a router needs comes from the
:class:`~service.context.AppContext` it is built with, so tests inject an
in-memory store and their own settings. Routers are discovered: every module
in :mod:`service.api` that exposes ``build_router(ctx) -> APIRouter`` is
included, in module-name order.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.config import Settings
from service.context import AppContext
from service.errors import install_error_handlers
from service.store import Store, open_store


def _routers(ctx: AppContext) -> list:
    import service.api as package

    routers = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"service.api.{info.name}")
        build = getattr(module, "build_router", None)
        if build is not None:
            routers.append(build(ctx))
    return routers


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the service around ``store`` (default: the one ``settings.store`` names).

    A store passed in stays the caller's to close; a store opened here is
    closed when the app shuts down. Query worker processes are stopped then too.
    """
    settings = settings or Settings.from_env()
    owns_store = store is None
    ctx = AppContext(store=store if store is not None else open_store(settings.store), settings=settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            ctx.close()
            if owns_store:
                ctx.store.close()

    app = FastAPI(
        title="plankg",
        description="Knowledge graph of public-policy action plans (Moldova, Romania): "
        "SPARQL 1.1 endpoint, REST resources and named queries.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.ctx = ctx
    install_error_handlers(app)
    for router in _routers(ctx):
        app.include_router(router)
    return app
