"""``GET /review``: the coherence review over HTTP.

``?format=html`` (default; one self-contained page), ``md`` or ``xlsx``, each
with its own Content-Type; XLSX also gets a ``Content-Disposition`` with a
file name. An unknown format is a 400 in the service's error shape. The
review reads the links graph as the last refresh left it.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.context import AppContext
from service.errors import ApiError
from service.review.build import build_review
from service.review.formats import EXTENSIONS, MEDIA_TYPES, ReviewFormat, render


def build_router(ctx: AppContext) -> APIRouter:
    router = APIRouter(tags=["review"])

    @router.get("/review", summary="The coherence review of the loaded plans")
    def get_review(format: str = "html") -> Response:  # noqa: A002 - the query parameter's name
        """The review as ``html``, ``md`` or ``xlsx`` (``?format=``)."""
        try:
            fmt = ReviewFormat(format)
        except ValueError:
            known = ", ".join(f.value for f in ReviewFormat)
            raise ApiError(400, "bad-parameter", f"format must be one of {known}, not {format!r}") from None
        data = render(build_review(ctx.store), fmt)
        headers = {}
        if fmt is ReviewFormat.XLSX:
            headers["Content-Disposition"] = f'attachment; filename="plankg-review.{EXTENSIONS[fmt]}"'
        return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)

    return router
