"""The learner's view of the "1+41+N" plan: what is done in each track."""

from __future__ import annotations

from dataclasses import dataclass

from govtui.core.course import Course
from govtui.core.model import Module
from govtui.core.progress import Profile


def module_done(module: Module, profile: Profile, has_quiz: bool | None) -> bool:
    """A module is done when read and, if it has a quiz, the quiz is passed.

    `has_quiz` is None while the question banks are still loading; a passed quiz then counts.
    """
    progress = profile.modules.get(module.id)
    if progress is None:
        return False
    if progress.passed:
        return True
    return progress.read and has_quiz is False


@dataclass(frozen=True, slots=True)
class TrackStatus:
    track_id: str
    title: str
    done: int
    read: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.total if self.total else 0


def track_status(course: Course, profile: Profile, quiz_modules: set[str] | None) -> list[TrackStatus]:
    """Completion per track; `quiz_modules` are the modules that have questions (None: unknown yet)."""
    result = []
    for track in course.tracks.values():
        modules = [course.modules[m] for m in track.module_ids]
        done = sum(
            module_done(m, profile, None if quiz_modules is None else m.id in quiz_modules) for m in modules
        )
        read = sum(1 for m in modules if profile.modules.get(m.id) and profile.modules[m.id].read)
        result.append(TrackStatus(track.id, track.title, done, read, len(modules)))
    return result


def format_hours(seconds: int) -> str:
    """学时 shown as hours and minutes."""
    minutes = seconds // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes}分钟" if hours else f"{minutes}分钟"
