"""Choose the format of a self-check export: the report formats plus the workbook an agency fills offline."""

from __future__ import annotations

from govtui.tui.screens.sources import FormatDialog


class SelfCheckFormatDialog(FormatDialog):
    """The shared formats, and the .xlsx workbook (`govtui selfcheck import` reads it back)."""

    FORMATS = (
        *FormatDialog.FORMATS,
        ("xlsx", "Excel 工作簿（.xlsx，可离线填写后导入）"),
    )
