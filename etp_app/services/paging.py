"""One page of a model's rows and the total: what every paginated list of the services shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select

from etp_app.extensions import db

Row = TypeVar("Row")


def escape_like(text: str) -> str:
    """``text`` for a LIKE/ILIKE pattern with ``escape="\\"``: its %, _ and backslashes match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page_of(
    model: type[Row],
    conditions: Sequence[Any],
    *,
    order_by: Iterable[Any],
    page: int,
    page_size: int,
    options: Iterable[Any] = (),
) -> tuple[list[Row], int]:
    """Page ``page`` (1-based) of ``model``'s rows matching ``conditions`` and their total; a page past
    the end reads only the count."""
    total = db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    offset = (page - 1) * page_size
    if offset >= total:
        return [], total
    rows = db.session.scalars(
        select(model).where(*conditions).options(*options).order_by(*order_by).offset(offset).limit(page_size)
    ).all()
    return list(rows), total
