"""Export the current learner's record (学习记录 / 学习证明) from the TUI into `<data>/exports/`."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from govtui.tui.screens.sources import FormatDialog


class RecordFormatDialog(FormatDialog):
    """Choose the format of a learner record export."""

    FORMATS = (
        ("html", "学习证明（可打印网页 .html，一页 A4）"),
        ("json", "学习记录（JSON，交给培训组织者汇总）"),
        ("csv", "学习记录（Excel 表格 .csv）"),
        ("xapi", "xAPI 语句（.xapi.json，可导入学习记录库）"),
    )


def start_record_export(app: App) -> None:
    """Ask for a format, then write the file in a worker and say where it went."""
    if getattr(app, "profile", None) is None:
        app.notify("请先选择学员", severity="warning")
        return

    def chosen(fmt: str | None) -> None:
        if fmt:
            _write_record(app, fmt)

    app.push_screen(RecordFormatDialog(), chosen)


def _write_record(app: App, fmt: str) -> None:
    profile = app.profile  # type: ignore[attr-defined]
    folder: Path = app.store.data_dir / "exports"  # type: ignore[attr-defined]

    def write() -> None:
        from govtui.core.atomic import atomic_write_bytes
        from govtui.core.records.export import export_file_name, export_learner

        path = folder / export_file_name(profile, fmt)
        try:
            atomic_write_bytes(path, export_learner(app.course, profile, fmt))  # type: ignore[attr-defined]
        except OSError as exc:
            app.call_from_thread(app.notify, f"导出失败：{exc.strerror or exc}", severity="error", timeout=15)
            return
        app.call_from_thread(app.notify, f"已导出：{path}", title="学习记录", timeout=20)

    # Building a record reads every question bank: off the UI thread.
    app.run_worker(write, thread=True, group="record-export", name="record-export")
