"""Pages of a list: `page` (from 1) and `page_size` (1 to API_PAGE_SIZE_MAX), both bounded,
answered with the page's items, the count of all and the number of pages. Two queries (the
count and the page) whatever the number of rows."""

from __future__ import annotations

import math
from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Path, Query, Schema

MOST_PAGES = 100_000
MOST_ID = 2**53  # above any row's id; a larger number is refused (422), not sent to the database


class Paging(Schema):
    page: int = Field(1, ge=1, le=MOST_PAGES, description="The page, from 1.")
    page_size: int | None = Field(
        None, ge=1, le=1000, description="Items a page (at most API_PAGE_SIZE_MAX)."
    )


def page_of(items, paging: Paging) -> dict[str, Any]:
    """The page `paging` asks for of `items` (a queryset or a list)."""
    size = min(paging.page_size or settings.API_PAGE_SIZE, settings.API_PAGE_SIZE_MAX)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (paging.page - 1) * size
    return {
        "count": count,
        "page": paging.page,
        "page_size": size,
        "pages": max(1, math.ceil(count / size)),
        "items": list(items[start : start + size]),
    }


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The schema of a page of `item`s."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {
                "count": int,
                "page": int,
                "page_size": int,
                "pages": int,
                "items": list[item],
            }
        },
    )


def row_id(default=None, description: str = ""):
    """A row's id in the query: optional, from 1 to MOST_ID."""
    return Field(default, ge=1, le=MOST_ID, description=description)


# A row's id in the path, and one in the query (optional), from 1 to MOST_ID; a financial
# year (2018 for 2018/19) in the query.
PathId = Annotated[int, Path(ge=1, le=MOST_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MOST_ID)]
QueryYear = Annotated[int | None, Query(ge=1900, le=2200)]
