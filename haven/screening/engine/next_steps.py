"""Next steps for the interviewer, in both languages, chosen from the result.

Immediate needs (safety, medical care, interpreter, privacy) always come first: they do not
depend on the outcome, and assistance never waits for identification to be complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .instruments import Text
from .legal import CRIMINAL_ACTIVITY_SIGNALS
from .rules import (
    EXPLOITATION_ONLY,
    NO_INDICATORS,
    NO_RED_FLAGS,
    RUN_FULL_INTERVIEW,
    SOME_INDICATORS,
    TRAFFICKING_MET,
    Assessment,
)


@dataclass(frozen=True)
class NextStep:
    id: str
    text: Text

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, **self.text.as_dict()}


STEPS: Final[Mapping[str, Text]] = {
    "SAFETY": Text(
        "Check immediate safety first: ask whether the person, or anyone close to them, is in danger now. If so, follow your emergency procedure before anything else.",
        "首先确认当前安全：询问当事人或其亲近的人现在是否有危险。如有危险，请先按紧急程序处置。",
    ),
    "MEDICAL": Text(
        "Ask about injuries, pain, illness, pregnancy or medicines needed and offer medical care. Care never depends on answering questions.",
        "询问是否有伤痛、疾病、怀孕或需要的药物，并提供就医帮助。就医绝不以回答问题为条件。",
    ),
    "INTERPRETER": Text(
        "Use a qualified interpreter in the language the person chooses, never someone linked to the employer, the recruiter or a companion.",
        "使用当事人所选语言的合格翻译，绝不能使用与雇主、招募者或同行人员有关联的人。",
    ),
    "PRIVACY": Text(
        "Speak with the person alone, away from employers and companions, and explain honestly who will see what they tell you. Make no promises you cannot keep.",
        "在雇主和同行人员不在场的情况下单独与当事人交谈，如实说明其所讲内容会被哪些人看到。不要作出无法兑现的承诺。",
    ),
    "SHELTER": Text(
        "Offer safe accommodation if the person cannot safely return to where they live now; for a child, a child-appropriate placement.",
        "如当事人无法安全返回目前的住处，请提供安全的住所；如是儿童，应安排适合儿童的安置场所。",
    ),
    "CHILD": Text(
        "Treat the person as a child: inform child protection services now, ask for a guardian or representative, and make a best-interests assessment. Do not hand the child to accompanying adults until their identity and relationship are checked.",
        "按儿童对待：立即通知儿童保护部门，申请指定监护人或代理人，并进行儿童最大利益评估。在核实同行成年人的身份及其与儿童的关系之前，不要把儿童交给他们。",
    ),
    "REFER": Text(
        "Offer referral to the national referral mechanism or anti-trafficking focal point, with the person's informed consent. Assistance must not depend on cooperating with the police.",
        "在当事人知情同意的前提下，提出转介至国家转介机制或反拐联络点。援助不得以配合警方为条件。",
    ),
    "REFLECTION": Text(
        "If the person is a foreign national, explain the recovery and reflection period and any residence options, where they exist.",
        "如当事人是外国人，在有相关制度的地方，向其说明恢复和考虑期以及可能的居留选择。",
    ),
    "LABOUR": Text(
        "Refer the working conditions to the labour inspectorate or a workers' rights organisation, and consider completing the full trafficking interview.",
        "将工作条件问题转交劳动监察部门或劳工权益组织，并考虑完成完整的人口贩运面谈。",
    ),
    "NON_PUNISHMENT": Text(
        "The person may have been forced to commit offences: tell the investigator or prosecutor that the non-punishment principle may apply, and do not treat the person as a suspect on that account.",
        "当事人可能是被迫实施违法行为：告知侦查人员或检察人员可能适用不予惩罚原则，不要因此把当事人当作嫌疑人对待。",
    ),
    "FULL_INTERVIEW": Text(
        "Run the full interview (ILO/EC indicators) in a safe, private place with an interpreter, starting from the pre-filled answers; confirm each one with the person.",
        "在安全、私密的地方，在翻译协助下进行完整面谈（国际劳工组织/欧盟委员会指标），从预先填写的答案开始，并逐一与当事人确认。",
    ),
    "COMPLETE": Text(
        "When it is safe to continue, complete the interview: the outcome could still change. Start with the questions listed as most important.",
        "在可以安全继续时完成面谈：结果仍可能改变。请从列为最重要的问题开始。",
    ),
    "KEEP_CONTACT": Text(
        "No indicators does not mean nothing happened. Give the person contact details of support services and a safe way to get back in touch.",
        "未发现指标并不意味着什么都没有发生。请向当事人提供支持服务的联系方式，以及日后安全联系的途径。",
    ),
}


def _step(step_id: str) -> NextStep:
    return NextStep(step_id, STEPS[step_id])


def select_next_steps(
    assessment: Assessment, *, could_change: bool, first_contact: bool
) -> tuple[NextStep, ...]:
    outcome = assessment.outcome
    child = assessment.child_rules_applied
    ids = ["SAFETY", "MEDICAL", "INTERPRETER", "PRIVACY"]
    if child:
        ids.append("CHILD")
    if outcome in (TRAFFICKING_MET, EXPLOITATION_ONLY, RUN_FULL_INTERVIEW) or child:
        ids.append("SHELTER")
    if outcome == TRAFFICKING_MET:
        ids += ["REFER", "REFLECTION"]
    if outcome == EXPLOITATION_ONLY:
        ids.append("LABOUR")
    if set(assessment.yes) & CRIMINAL_ACTIVITY_SIGNALS:
        ids.append("NON_PUNISHMENT")
    if first_contact and outcome == RUN_FULL_INTERVIEW:
        ids.append("FULL_INTERVIEW")
    elif could_change:
        ids.append("COMPLETE")
    if outcome in (NO_INDICATORS, SOME_INDICATORS, NO_RED_FLAGS):
        ids.append("KEEP_CONTACT")
    return tuple(_step(i) for i in ids)
