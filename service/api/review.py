"""``GET /review``: the coherence review over HTTP.

``?format=html`` (default; one self-contained page), ``md`` or ``xlsx``, each
with its own Content-Type; ``?max_findings=N`` findings per section (default
2000, 0: all); XLSX also gets a ``Content-Disposition`` with a
file name. An unknown format is a 400 in the service's error shape. The
review reads the links graph as the last refresh left it.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from service.context import AppContext
from service.errors import ApiError
from service.review.build import MAX_FINDINGS, build_review
from service.review.formats import EXTENSIONS, MEDIA_TYPES, ReviewFormat, render


def build_router(ctx: AppContext) -> APIRouter:
    router = APIRouter(tags=["review"])

    @router.get("/review", summary="The coherence review of the loaded plans")
    def get_review(format: str = "html", max_findings: int = Query(MAX_FINDINGS, ge=0)) -> Response:  # noqa: A002
        """The review as ``html``, ``md`` or ``xlsx`` (``?format=``); ``?max_findings=`` per section (0: all)."""
        try:
            fmt = ReviewFormat(format)
        except ValueError:
            known = ", ".join(f.value for f in ReviewFormat)
            raise ApiError(400, "bad-parameter", f"format must be one of {known}, not {format!r}") from None
        data = render(build_review(ctx.store, max_findings=max_findings), fmt)
        headers = {}
        if fmt is ReviewFormat.XLSX:
            headers["Content-Disposition"] = f'attachment; filename="plankg-review.{EXTENSIONS[fmt]}"'
        return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)

    return router
