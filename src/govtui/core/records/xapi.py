"""A learner's history as xAPI 1.0.3 statements.

Identifiers (documented in README "学习记录与汇总"):

- every IRI lives under `BASE` = https://govtui.example/xapi — a name, never fetched;
- the actor is an account: homePage `BASE`, name = the stable profile id (p-…), plus the name;
- objects: `BASE/courses/<course id>` (registered: the learner exists even before studying),
  `BASE/modules/<id>`, `BASE/questions/<id>`, `BASE/quizzes/<module id>`,
  `BASE/exams/<blueprint id>`;
- context extensions `BASE/ext/unit` (unit id) and `BASE/ext/track` ("1", "41" or "N");
- a statement id is UUID5(`NAMESPACE`, "<profile id>|<event key>"), and the event key names the
  event together with what the statement says about it, so exporting or sending twice yields the
  same ids (an LRS stores each once) and a changed fact yields a new statement, never a clash.

The unit in a statement's context is the learner's unit when the statement was built; readers
take the unit of a learner's latest statement (a learner may move). 学时 is cumulative: an `experienced` statement carries the module's total study time so far
(`result.duration`), and readers take the largest per learner and module.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from govtui.core.course import Course
from govtui.core.progress import Profile
from govtui.core.records.record import completed_modules, completion_stamp

BASE = "https://govtui.example/xapi"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
VERBS = {
    "registered": "加入（课程）",
    "experienced": "经历（学习）",
    "answered": "作答",
    "passed": "通过",
    "failed": "未通过",
    "completed": "完成",
}
ADL = "http://adlnet.gov/expapi/verbs/"
EXT_UNIT = f"{BASE}/ext/unit"
EXT_TRACK = f"{BASE}/ext/track"
ACTIVITY_TYPES = {
    "courses": "http://adlnet.gov/expapi/activities/course",
    "modules": "http://adlnet.gov/expapi/activities/module",
    "questions": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "quizzes": "http://adlnet.gov/expapi/activities/assessment",
    "exams": "http://adlnet.gov/expapi/activities/assessment",
}
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


def statement_id(profile_id: str, event_key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{profile_id}|{event_key}"))


def activity_iri(kind: str, ident: str) -> str:
    return f"{BASE}/{kind}/{ident}"


def split_iri(iri: str) -> tuple[str, str] | None:
    """(kind, id) of one of our activity IRIs; None for anyone else's."""
    if not isinstance(iri, str) or not iri.startswith(BASE + "/"):
        return None
    kind, sep, ident = iri[len(BASE) + 1 :].partition("/")
    return (kind, ident) if sep and kind in ACTIVITY_TYPES and ident else None


def duration(seconds: int) -> str:
    return f"PT{int(seconds)}S"


def duration_seconds(text: Any) -> int:
    """Seconds of an ISO 8601 duration of the form PT#H#M#S (0 if unreadable)."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match:
        return 0
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return int(hours * 3600 + minutes * 60 + seconds)


class StatementBuilder:
    """Builds statements for one learner; actor and context are the same for all of them."""

    def __init__(self, course: Course, profile: Profile) -> None:
        self.course = course
        self.profile = profile
        self.track_of = {m.id: m.track for m in course.modules.values()}
        self.question_module = {q.id: q.module for q in course.questions.values()}
        self.actor = {
            "objectType": "Agent",
            "name": profile.name,
            "account": {"homePage": BASE, "name": profile.id},
        }

    def statement(
        self,
        key: str,
        verb: str,
        kind: str,
        ident: str,
        at: str,
        *,
        track: str | None,
        result: dict[str, Any] | None = None,
        name: str | None = None,
        parent: str | None = None,
    ) -> dict[str, Any]:
        definition: dict[str, Any] = {"type": ACTIVITY_TYPES[kind]}
        if name:
            definition["name"] = {"zh-CN": name}
        extensions: dict[str, str] = {}
        if self.profile.unit_id:
            extensions[EXT_UNIT] = self.profile.unit_id
        if track:
            extensions[EXT_TRACK] = track
        context: dict[str, Any] = {"language": "zh-CN", "platform": "govtui"}
        if extensions:
            context["extensions"] = extensions
        if parent:
            context["contextActivities"] = {"parent": [{"objectType": "Activity", "id": parent}]}
        statement: dict[str, Any] = {
            "id": statement_id(self.profile.id, key),
            "actor": self.actor,
            "verb": {"id": ADL + verb, "display": {"en-US": verb, "zh-CN": VERBS[verb]}},
            "object": {"objectType": "Activity", "id": activity_iri(kind, ident), "definition": definition},
            "context": context,
            "timestamp": at,
        }
        if result is not None:
            statement["result"] = result
        return statement

    def module_name(self, module_id: str) -> str | None:
        module = self.course.modules.get(module_id)
        return module.title if module else None

    def answers(self, prefix: str, at: str, answers: dict[str, bool], parent: str) -> list[dict[str, Any]]:
        out = []
        for qid, correct in sorted(answers.items()):
            module = self.question_module.get(qid)
            out.append(
                self.statement(
                    f"{prefix}:answer:{qid}:{bool(correct)}", "answered", "questions", qid, at,
                    track=self.track_of.get(module or ""), result={"success": bool(correct)}, parent=parent,
                )
            )
        return out

    def all(self) -> list[dict[str, Any]]:
        profile, course = self.profile, self.course
        out: list[dict[str, Any]] = [
            self.statement(
                f"registered:{course.id}:{profile.created_at}", "registered", "courses", course.id,
                profile.created_at, track=None, name=course.title,
            )
        ]
        for module_id, progress in sorted(profile.modules.items()):
            if not progress.read and not progress.study_seconds:
                continue
            at = progress.read_at or profile.created_at
            out.append(
                self.statement(
                    f"experienced:{module_id}:{progress.study_seconds}:{at}", "experienced", "modules", module_id, at,
                    track=self.track_of.get(module_id), name=self.module_name(module_id),
                    result={"duration": duration(progress.study_seconds)},
                )
            )
        for module_id in completed_modules(course, profile):
            at = completion_stamp(profile, module_id, course.pass_mark)
            out.append(
                self.statement(
                    f"completed:{module_id}:{at}", "completed", "modules", module_id, at,
                    track=self.track_of.get(module_id), name=self.module_name(module_id),
                    result={"completion": True},
                )
            )
        for index, attempt in enumerate(profile.attempts):
            prefix = f"quiz:{index}:{attempt.module_id}:{attempt.at}"
            passed = attempt.score >= course.pass_mark
            out.append(
                self.statement(
                    prefix, "passed" if passed else "failed", "quizzes", attempt.module_id, attempt.at,
                    track=self.track_of.get(attempt.module_id), name=self.module_name(attempt.module_id),
                    result=_score(attempt.score, passed),
                )
            )
            out += self.answers(prefix, attempt.at, attempt.answers, activity_iri("quizzes", attempt.module_id))
        titles = {b.id: b.title for b in course.blueprints}
        for index, exam in enumerate(profile.exams):
            prefix = f"exam:{index}:{exam.blueprint_id}:{exam.at}"
            result = _score(exam.score, exam.passed)
            result["duration"] = duration(exam.seconds)
            out.append(
                self.statement(
                    prefix, "passed" if exam.passed else "failed", "exams", exam.blueprint_id, exam.at,
                    track=None, name=titles.get(exam.blueprint_id), result=result,
                )
            )
            out += self.answers(prefix, exam.at, exam.answers, activity_iri("exams", exam.blueprint_id))
        return out


def _score(score: int, passed: bool) -> dict[str, Any]:
    score = max(0, min(100, int(score)))
    return {
        "score": {"scaled": round(score / 100, 4), "raw": score, "min": 0, "max": 100},
        "success": passed,
        "completion": True,
    }


def build_statements(course: Course, profile: Profile) -> list[dict[str, Any]]:
    """Every statement for `profile`'s history, in a stable order."""
    return StatementBuilder(course, profile).all()
