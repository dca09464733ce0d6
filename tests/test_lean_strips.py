"""The lean Strip (tui/lean_strips.py) gives the same lines as Textual's own, with caches made on use."""

from __future__ import annotations

import gc

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome
from textual.strip import Strip

from govtui.tui.lean_strips import (
    CACHE_SIZES,
    fits_this_textual,
    install_lean_strips,
    uninstall_lean_strips,
)


def _operations() -> list[object]:
    """Every Strip method that reads or fills a cache, twice (the second call hits the cache)."""
    bold, red = Style(bold=True), Style(color="red")
    strip = Strip([Segment("政府信息", bold), Segment("公开 ", red), Segment("abc", Style())])
    console = Console(width=40, color_system="truecolor", force_terminal=True)
    out: list[object] = []
    for _ in range(2):
        out += [
            strip.crop(1, 7).text,
            strip.crop(2).text,
            [piece.text for piece in strip.divide([3, 8, 20])],
            strip.apply_style(Style(italic=True)).render(console),
            strip.extend_cell_length(20, red).render(console),
            strip.adjust_cell_length(5, bold).render(console),
            strip.crop_extend(2, 18, bold).render(console),
            strip.apply_filter(Monochrome(), Color(0, 0, 0)).render(console),
            strip.apply_offsets(3, 4)._segments[0].style.meta,
            strip.text_align(20, "center").render(console),
            strip.crop_pad(12, 1, 1, bold).render(console),
            strip.cell_length,
            strip.render(console),
        ]
    return out


def test_lean_strips_give_the_same_lines_as_textuals_own() -> None:
    uninstall_lean_strips()
    try:
        assert fits_this_textual(), "written for this Textual's Strip"
        textuals = _operations()
        assert install_lean_strips()
        lean = _operations()
    finally:
        install_lean_strips()
    assert lean == textuals


def test_a_lean_strip_makes_a_cache_only_when_a_method_needs_it() -> None:
    assert install_lean_strips()
    strip = Strip([Segment("第三方")])
    gc.collect()
    assert not [ref for ref in gc.get_referents(strip) if type(ref).__name__ == "FIFOCache"], "no cache before use"
    strip.crop(0, 2)
    caches = [type(ref).__name__ for ref in gc.get_referents(strip) if type(ref).__name__ == "FIFOCache"]
    assert caches == ["FIFOCache"], "crop made its own cache and no other"
    assert strip.crop(0, 2) is strip.crop(0, 2), "and uses it"
    with pytest.raises(AttributeError):
        strip._not_a_field  # noqa: B018
    assert set(CACHE_SIZES) < set(Strip.__slots__)
