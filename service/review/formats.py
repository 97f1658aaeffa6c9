"""The review's output formats: one enum, one media type and one renderer each."""

from __future__ import annotations

from enum import Enum

from service.review.model import Review


class ReviewFormat(str, Enum):
    HTML = "html"
    MD = "md"
    XLSX = "xlsx"


MEDIA_TYPES = {
    ReviewFormat.HTML: "text/html; charset=utf-8",
    ReviewFormat.MD: "text/markdown; charset=utf-8",
    ReviewFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

EXTENSIONS = {ReviewFormat.HTML: "html", ReviewFormat.MD: "md", ReviewFormat.XLSX: "xlsx"}


def render(review: Review, fmt: ReviewFormat) -> bytes:
    """The review in ``fmt``, as bytes (UTF-8 for the text formats)."""
    if fmt is ReviewFormat.HTML:
        from service.review.html import render_html

        return render_html(review).encode("utf-8")
    if fmt is ReviewFormat.MD:
        from service.review.markdown import render_markdown

        return render_markdown(review).encode("utf-8")
    from service.review.xlsx import render_xlsx

    return render_xlsx(review)
