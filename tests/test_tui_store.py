"""What a learner sees when a record is open elsewhere, damaged, or from a newer govtui."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import make_app, screen_text, wait_for

from govtui.core.progress import ProgressStore
from govtui.tui.screens.confirm import ConfirmDialog
from govtui.tui.screens.home import HomeScreen


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_second_window_is_read_only_and_writes_nothing(bundled, isolated_data_dir: Path) -> None:
    store = ProgressStore(isolated_data_dir)
    profile = store.create("张三", None)
    lock = store.lock(profile.id)  # the first window
    assert lock is not None
    before = store.path_for(profile.id).read_bytes()
    try:
        app = make_app(bundled, isolated_data_dir, profile="张三")
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "已在另一个窗口打开" in notices(app) and "只读" in notices(app)
            app.profile.add_study_time("report-overview", 60)
            app.save_profile()
            await pilot.pause()
        assert store.path_for(profile.id).read_bytes() == before
    finally:
        lock.release()


async def test_damaged_record_offers_the_backup(bundled, isolated_data_dir: Path) -> None:
    store = ProgressStore(isolated_data_dir)
    profile = store.create("李四", "yuzhong")
    profile.add_study_time("report-overview", 3600)
    store.save(profile)
    again = store.find("李四")
    assert again is not None
    store.save(again)  # first save of a later session: keeps the good version as a backup
    path = store.path_for(profile.id)
    path.write_text("schema_version = 2\n[profile\n", encoding="utf-8")

    app = make_app(bundled, isolated_data_dir, profile="李四")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), (app.screen_stack, notices(app))
        assert "最近的备份" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "学时 1小时0分钟" in screen_text(app)
    restored = store.find("李四")
    assert restored is not None and restored.study_seconds == 3600
    assert list(store.profile_dir.glob("*.damaged-*"))  # the damaged file is still kept


async def test_hostile_learner_name_is_shown_literally(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="李[/]")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "李[/]" in screen_text(app)


async def test_a_full_disk_at_first_start_is_a_message(bundled, isolated_data_dir: Path, monkeypatch) -> None:
    import errno

    import govtui.core.progress as progress

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(progress, "atomic_write_text", full)
    app = make_app(bundled, isolated_data_dir, profile="王五")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "磁盘空间不足" in notices(app) and "不会保存" in notices(app)


async def test_an_unreadable_newer_record_is_never_overwritten(bundled, isolated_data_dir: Path) -> None:
    from govtui.core.progress import profile_id_for

    store = ProgressStore(isolated_data_dir)
    path = store.path_for(profile_id_for("赵六"))
    path.parent.mkdir(parents=True)
    text = 'schema_version = 9\nprofile = "a layout this version cannot read"\n'
    path.write_text(text, encoding="utf-8")
    app = make_app(bundled, isolated_data_dir, profile="赵六")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "更新版本" in notices(app)
        app.profile.add_study_time("report-overview", 60)
        app.save_profile()
    assert path.read_text(encoding="utf-8") == text


async def test_a_toast_given_rich_text_is_drawn(bundled, isolated_data_dir: Path) -> None:
    """Toasts are drawn from plain text: a Text message once crashed the app when drawn."""
    from rich.text import Text
    from textual.widgets._toast import Toast

    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # tests skip toasts by default
        await pilot.pause()
        app.notify(Text("学习记录 [x] 已保存", style="bold"), title="提示")
        await wait_for(pilot, lambda: list(app.screen.query(Toast)))
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert "学习记录 [x] 已保存" in str(toast.render())
