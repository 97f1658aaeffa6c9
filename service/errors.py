"""One error shape for every endpoint, one place mapping exceptions to statuses.

Every error response of the service has the body
``{"error": {"status": int, "code": str, "message": str}}`` and the status in
``status``. :func:`status_of` is the mapping; :func:`install_error_handlers`
wires it into a FastAPI app. A 500 says "internal error" and nothing else: the
exception is logged, never shown.

Exceptions of the service (all :class:`~loaders.errors.PlankgError`):

| exception | status | code |
|---|---|---|
| :class:`ApiError` | its own | its own |
| :class:`QueryTimeout` | 503 | ``query-timeout`` |
| :class:`ServiceBusy` | 503 | ``busy`` |
| :class:`QueryRefused` | 400 | ``query-refused`` |
| ``QueryError`` | 400 | ``bad-query`` |
| ``DocumentError`` | 422 | ``bad-document`` |
| ``StoreError`` | 502 | ``store-error`` |
| other ``PlankgError`` | 400 | ``bad-request`` |
| any other exception | 500 | ``internal`` |
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from loaders.errors import DocumentError, PlankgError, QueryError, StoreError

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.responses import JSONResponse

log = logging.getLogger("plankg.service")


class ApiError(PlankgError):
    """An error with an explicit HTTP status and code (406, 415, 405, 401, 413…)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class QueryRefused(QueryError):
    """A query was refused before execution (network or file access, too long, too deep…)."""


class QueryTimeout(QueryError):
    """A query did not finish within its deadline and was stopped."""


class ServiceBusy(PlankgError):
    """No query worker became free before the deadline."""


def status_of(exc: BaseException) -> tuple[int, str, str]:
    """``(status, code, message)`` for an exception; the message is safe to show."""
    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message
    if isinstance(exc, QueryTimeout):
        return 503, "query-timeout", str(exc)
    if isinstance(exc, ServiceBusy):
        return 503, "busy", str(exc)
    if isinstance(exc, QueryRefused):
        return 400, "query-refused", str(exc)
    if isinstance(exc, QueryError):
        return 400, "bad-query", str(exc)
    if isinstance(exc, DocumentError):
        return 422, "bad-document", str(exc)
    if isinstance(exc, StoreError):
        return 502, "store-error", str(exc)
    if isinstance(exc, PlankgError):
        return 400, "bad-request", str(exc)
    return 500, "internal", "internal error; the details are in the service log"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one error shape."""
    return {"error": {"status": status, "code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON response in the one error shape."""
    from starlette.responses import JSONResponse

    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def _code_of_status(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "-")
    except ValueError:
        return "error"


def install_error_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` answer in the one shape."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    async def on_plankg(request: Request, exc: Exception) -> JSONResponse:
        status, code, message = status_of(exc)
        headers = exc.headers if isinstance(exc, ApiError) else None
        return error_response(status, code, message, headers)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return error_response(exc.status_code, _code_of_status(exc.status_code), message, dict(exc.headers or {}))

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid-request", "; ".join(parts) or "invalid request")

    async def on_other(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        status, code, message = status_of(exc)
        return error_response(status, code, message)

    app.add_exception_handler(PlankgError, on_plankg)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_other)
