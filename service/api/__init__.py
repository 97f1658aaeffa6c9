"""HTTP routers: every module here exposing ``build_router(ctx: AppContext) -> APIRouter``
is included by :func:`service.app.create_app`."""
