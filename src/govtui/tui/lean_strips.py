"""Textual's Strip (one rendered line) with its seven small caches made when first used.

Textual 8 gives every Strip seven FIFOCache objects in `__init__` (for crops, styles, filters and
so on), each with its own dict: fifteen objects and seven Python calls per line, although most
lines are cropped or styled once or never. Textual makes a few thousand strips per repaint, and the
ones kept (the reader's laid-out module, the lists' rendered options, the widgets' line caches) were
three quarters of what the collector's full passes walked after start-up (`gc.get_objects`
census in benchmarks: 12,657 FIFOCaches beside 1,802 strips) and about a kilobyte each of memory.

Here a cache is made by `__getattr__` the first time a method reaches for it: an unset slot raises
AttributeError, which Python hands to `__getattr__`. Textual's own `Content` makes its divide cache
the same way. Every Strip method keeps working unchanged; `tests/test_lean_strips.py` compares the
results with Textual's own class, and the patch is left out if a Textual release changes the
fields it relies on.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from textual.cache import FIFOCache
from textual.strip import Strip

CACHE_SIZES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
"""The caches Strip.__init__ makes in Textual 8, with their sizes there."""

PLAIN_FIELDS = {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count"}

_textual_init = Strip.__init__


def _lean_init(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _cache_on_first_use(self: Strip, name: str) -> FIFOCache:
    # Only reached when normal lookup failed, i.e. for a slot not yet set.
    size = CACHE_SIZES.get(name)
    if size is None:
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
    cache: FIFOCache = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def fits_this_textual() -> bool:
    """Strip has exactly the fields the lean version sets or makes on demand."""
    return set(getattr(Strip, "__slots__", ())) == PLAIN_FIELDS | set(CACHE_SIZES) and "__getattr__" not in vars(Strip)


def install_lean_strips() -> bool:
    """Patch Strip for the whole process (idempotent); False if this Textual's Strip is not the one
    it was written for (then Textual's own is used)."""
    if Strip.__init__ is _lean_init:
        return True
    if not fits_this_textual():
        return False
    Strip.__init__ = _lean_init  # type: ignore[method-assign]
    Strip.__getattr__ = _cache_on_first_use  # type: ignore[attr-defined]
    return True


def uninstall_lean_strips() -> None:
    """Textual's own Strip again (tests compare the two)."""
    if Strip.__init__ is _lean_init:
        Strip.__init__ = _textual_init  # type: ignore[method-assign]
        del Strip.__getattr__  # type: ignore[attr-defined]
