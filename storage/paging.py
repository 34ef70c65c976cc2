"""Page arithmetic shared by the console's paged lists (cases, contacts, applications)."""

from __future__ import annotations


def page_bounds(page: int, total: int, size: int) -> tuple[int, int]:
    """The page to show and how many there are: a page asked past the end shows the last
    one (a stale link after rows were closed or filtered away), never an empty list."""
    pages = max(1, -(-total // size))
    return min(max(1, page), pages), pages
