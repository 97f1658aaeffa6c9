"""Token-protected writes of plans: ``PUT /plans/{plan_id}/document``, ``DELETE /plans/{plan_id}``.

An upload runs the pipeline of ``plankg load`` for one document
(:func:`service.loading.load_document`). Every write needs
``Authorization: Bearer <PLANKG_TOKEN>`` (401 without a usable header, 403
with a wrong token or when no token is configured). A body is refused before
it is parsed when its ``Content-Type`` is not ``text/plain`` in UTF-8 (415),
when it is larger than ``PLANKG_MAX_UPLOAD_BYTES`` (413: ``Content-Length``
first, then the bytes actually read, never more than the limit plus one chunk)
or when it carries XML ``<!DOCTYPE`` / ``<!ENTITY`` (400). A document that
cannot be parsed is 422 and leaves the store as it was. Writes are serialised
by one lock per app; the store's writes are atomic on their own, and query
workers reopen their snapshot when the store's generation changes.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from loaders import iri
from loaders.documents import document_from_bytes
from loaders.errors import DocumentError
from service.context import AppContext
from service.errors import ApiError
from service.loading import FileReport, Status, load_document, unload_plan
from service.safety import bearer, check_token, check_upload

_TEXT_TYPES = {"text/plain"}


def _report_body(report: FileReport, status: str) -> dict[str, Any]:
    """The JSON body of an upload: the load report of that one file."""
    return {
        "plan_id": report.plan_id,
        "status": status,
        "file": report.path,
        "items": report.items,
        "triples": report.triples,
        "violations": report.violations,
        "warnings": report.warnings,
        "first_finding": report.reason,
    }


def _check_content_type(content_type: str | None) -> None:
    media, _, params = (content_type or "").partition(";")
    if media.strip().lower() not in _TEXT_TYPES:
        raise ApiError(415, "unsupported-media-type", "the body must be the plan document as text/plain; charset=utf-8")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in {"utf-8", "utf8"}:
            raise ApiError(415, "unsupported-media-type", f"the document must be UTF-8, not {value.strip()}")


def _expected_id(name: str) -> str:
    """The plan id a document named ``name`` yields (the slug of the file name without its extension)."""
    return iri.slug(name.rsplit(".", 1)[0])


def build_router(ctx: AppContext) -> APIRouter:
    """The write routes over ``ctx.store``, guarded by ``ctx.settings.token``."""
    router = APIRouter(tags=["plans (write)"])
    write_lock = threading.Lock()
    settings = ctx.settings

    def authorised(authorization: str | None = Header(default=None)) -> None:
        """403 when writes are disabled, 401 without a usable bearer token, 403 with a wrong one."""
        if settings.token is None:
            check_token(None, settings)  # raises: writes disabled
        token = bearer(authorization)
        if token is None:
            raise ApiError(401, "unauthorized", "a bearer token is required: Authorization: Bearer <token>",
                           {"WWW-Authenticate": "Bearer"})
        try:
            check_token(token, settings)
        except ApiError as exc:
            raise ApiError(403, "forbidden", "the bearer token is not valid for writes") from exc

    async def bounded_body(request: Request, _: None = Depends(authorised)) -> bytes:
        """The request body, refused (413) as soon as it is known to exceed the limit."""
        _check_content_type(request.headers.get("content-type"))
        limit = settings.max_upload_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            raise ApiError(413, "too-large", f"the upload declares {int(declared)} bytes (Content-Length); the limit is {limit}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "too-large", f"the upload is more than {limit} bytes; the limit is {limit}")
            chunks.append(chunk)
        body = b"".join(chunks)
        check_upload(body, settings)
        return body

    @router.put(
        "/plans/{plan_id}/document",
        summary="Upload a new version of a plan document (bearer token)",
        status_code=200,
        responses={201: {"description": "the plan was new"}},
    )
    def put_document(
        plan_id: str,
        body: bytes = Depends(bounded_body),
        name: str | None = Query(default=None, description="the document's file name (default {plan_id}.txt)"),
    ) -> JSONResponse:
        file_name = (name or f"{plan_id}.txt").replace("\\", "/").rsplit("/", 1)[-1]
        yields = _expected_id(file_name)
        if yields != plan_id:
            raise ApiError(
                409, "plan-id-mismatch", f"a document named {file_name!r} yields plan {yields!r}, not {plan_id!r}"
            )
        try:
            doc = document_from_bytes(file_name, body)
        except DocumentError as exc:
            raise ApiError(422, "bad-document", f"{file_name}: {exc.reason}") from exc
        with write_lock:
            existed = iri.plan_graph(plan_id) in set(ctx.store.graphs())
            report = load_document(doc, ctx.store, plan_id=plan_id)
        if report.status is Status.FAILED:
            if report.plan_id is not None and report.plan_id != plan_id:
                raise ApiError(409, "plan-id-mismatch", report.reason or "the document yields another plan")
            where = f"line {report.line}: " if report.line is not None else ""
            raise ApiError(422, "bad-document", f"{file_name}: {where}{report.reason}")
        if report.status is Status.UNCHANGED:
            return JSONResponse(_report_body(report, "unchanged"), status_code=200)
        status = "replaced" if existed else "created"
        return JSONResponse(_report_body(report, status), status_code=200 if existed else 201)

    @router.delete("/plans/{plan_id}", summary="Drop a plan's graph and refresh the cross-plan links (bearer token)")
    def delete_plan(plan_id: str, _: None = Depends(authorised)) -> dict[str, str]:
        with write_lock:
            if not unload_plan(plan_id, ctx.store):
                raise ApiError(404, "not-found", f"no plan {plan_id!r}")
        return {"plan_id": plan_id, "status": "deleted"}

    return router
