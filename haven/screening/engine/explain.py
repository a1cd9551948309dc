"""Explanations of a screening result, in English and Simplified Chinese.

The explanation says, per dimension, which indicators counted and which clause of the rule
fired; which combination decided the outcome; the Palermo elements found; whether the child
rule applied; what is still unknown; and the provisions that may apply, always with the caveat
that this is decision support for referral, not a legal determination.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from .completeness import Completeness
from .instruments import (
    DESTINATION_DIMENSIONS,
    RECRUITMENT_DIMENSIONS,
    RULE_FIRST_CONTACT,
    RULE_PALERMO,
    Instrument,
    Text,
)
from .legal import DISCLAIMER, LegalProvision, Sex, prc_240_scope_note
from .rules import (
    CLAUSE_NOT_MET,
    COMBINATION_ADULT,
    COMBINATION_CHILD_ACT,
    COMBINATION_CHILD_RECRUITMENT,
    COMBINATION_CHILD_UNANSWERED,
    COMBINATION_EXPLOITATION,
    COMBINATION_PALERMO_ADULT,
    COMBINATION_PALERMO_CHILD,
    COMBINATION_RED_FLAG,
    EXPLOITATION_ONLY,
    NO_INDICATORS,
    NO_RED_FLAGS,
    RULE_VERSION,
    RUN_FULL_INTERVIEW,
    SOME_INDICATORS,
    TRAFFICKING_MET,
    Assessment,
    DimensionResult,
)

OUTCOME_LABELS: Final = {
    TRAFFICKING_MET: Text("Indicators of trafficking are met", "符合人口贩运指标"),
    EXPLOITATION_ONLY: Text(
        "Indicators of exploitation only, not of trafficking",
        "仅有剥削指标，未达到人口贩运指标",
    ),
    SOME_INDICATORS: Text(
        "Some indicators, not enough for a positive combination",
        "存在部分指标，但不足以构成阳性组合",
    ),
    NO_INDICATORS: Text("No indicators found", "未发现指标"),
    RUN_FULL_INTERVIEW: Text("Red flags: run the full interview", "存在危险信号：需进行完整面谈"),
    NO_RED_FLAGS: Text("No red flags in the answers given", "已回答的问题中未发现危险信号"),
}

CLAUSE_LABELS: Final = {
    "2_strong": Text("2 strong", "2个强指标"),
    "1_strong_1_other": Text("1 strong + 1 medium or weak", "1个强指标加1个中或弱指标"),
    "3_medium": Text("3 medium", "3个中指标"),
    "2_medium_1_weak": Text("2 medium + 1 weak", "2个中指标加1个弱指标"),
    CLAUSE_NOT_MET: Text("not met", "未达到"),
}

STRENGTH_LABELS: Final = {
    "S": Text("strong", "强"),
    "M": Text("medium", "中"),
    "W": Text("weak", "弱"),
}
ELEMENT_LABELS: Final = {
    "act": Text("act", "行为"),
    "means": Text("means", "手段"),
    "purpose": Text("purpose", "目的"),
}

RULE_REMINDER: Final = Text(
    "A dimension needs 2 strong, 1 strong + 1 medium or weak, 3 medium, or 2 medium + 1 weak.",
    "一个维度需要：2个强指标，或1个强指标加1个中或弱指标，或3个中指标，或2个中指标加1个弱指标。",
)


@dataclass
class _Lines:
    en: list[str] = field(default_factory=list)
    zh: list[str] = field(default_factory=list)

    def add(self, en: str, zh: str) -> None:
        self.en.append(en)
        self.zh.append(zh)

    def text(self) -> Text:
        return Text("\n".join(self.en), "\n".join(self.zh))


def _ids(ids: Sequence[str], limit: int = 12) -> str:
    shown = list(ids[:limit])
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" (+{more})" if more > 0 else "")


def _dimension_line(instrument: Instrument, d: DimensionResult, out: _Lines) -> None:
    name = instrument.dimension(d.id).name
    counted_en, counted_zh = [], []
    for item_id in d.yes:
        item = instrument.item(item_id)
        strength = next(c.strength for c in item.contributions if c.dimension == d.id)
        counted_en.append(f"{item_id} {item.label.en} ({STRENGTH_LABELS[strength].en})")
        counted_zh.append(f"{item_id} {item.label.zh_hans}（{STRENGTH_LABELS[strength].zh_hans}）")
    if d.positive:
        clause = CLAUSE_LABELS[d.rule]
        out.add(
            f"- {name.en} ({d.id}): positive [{d.rule}: {clause.en}]. Counted: {'; '.join(counted_en)}.",
            f"- {name.zh_hans}（{d.id}）：阳性［{d.rule}：{clause.zh_hans}］。计入：{'；'.join(counted_zh)}。",
        )
    elif counted_en:
        out.add(
            f"- {name.en} ({d.id}): not met [not_met]. Answered yes: {'; '.join(counted_en)}; not enough.",
            f"- {name.zh_hans}（{d.id}）：未达到［not_met］。回答为“是”：{'；'.join(counted_zh)}；数量或强度不足。",
        )
    else:
        out.add(
            f"- {name.en} ({d.id}): not met [not_met]. No indicator answered yes.",
            f"- {name.zh_hans}（{d.id}）：未达到［not_met］。没有指标回答为“是”。",
        )


def _combination(assessment: Assessment, out: _Lines) -> None:
    positive = assessment.positive_dimensions
    recruitment = [d for d in RECRUITMENT_DIMENSIONS if d in positive]
    destination = [d for d in DESTINATION_DIMENSIONS if d in positive]
    acts = [i for i in assessment.elements.act_from if i.startswith("ACT_")]
    combination = assessment.combination
    if combination == COMBINATION_ADULT:
        out.add(
            f"Adult rule met [{combination}]: recruitment ({', '.join(recruitment)}), exploitative conditions (EX) and destination ({', '.join(destination)}) are all positive.",
            f"符合成年人规则［{combination}］：招募维度（{'、'.join(recruitment)}）、剥削性工作条件（EX）和目的地维度（{'、'.join(destination)}）均为阳性。",
        )
    elif combination == COMBINATION_CHILD_RECRUITMENT:
        out.add(
            f"Child rule met [{combination}]: exploitative conditions (EX) and a recruitment dimension ({', '.join(recruitment)}) are positive; means are not required for a child.",
            f"符合儿童规则［{combination}］：剥削性工作条件（EX）和招募维度（{'、'.join(recruitment)}）为阳性；对儿童不要求手段要素。",
        )
    elif combination == COMBINATION_CHILD_ACT:
        out.add(
            f"Child rule met [{combination}]: exploitative conditions (EX) are positive and an act is recorded ({', '.join(acts)}); means are not required for a child.",
            f"符合儿童规则［{combination}］：剥削性工作条件（EX）为阳性，且记录了行为（{'、'.join(acts)}）；对儿童不要求手段要素。",
        )
    elif combination == COMBINATION_EXPLOITATION:
        if assessment.child_rules_applied:
            missing_en = "an act (ACT_*) or a positive recruitment dimension (DR, CR or VR)"
            missing_zh = "行为（ACT_*）或阳性的招募维度（DR、CR或VR）"
        else:
            parts_en, parts_zh = [], []
            if not recruitment:
                parts_en.append("a positive recruitment dimension (DR, CR or VR)")
                parts_zh.append("阳性的招募维度（DR、CR或VR）")
            if not destination:
                parts_en.append("a positive destination dimension (CD or VD)")
                parts_zh.append("阳性的目的地维度（CD或VD）")
            missing_en, missing_zh = " and ".join(parts_en), "和".join(parts_zh)
        out.add(
            f"Exploitative conditions (EX) are positive, but {missing_en} is missing [{combination}]: a possible labour-law or forced-labour case.",
            f"剥削性工作条件（EX）为阳性，但缺少{missing_zh}［{combination}］：可能属于劳动违法或强迫劳动案件。",
        )
    elif assessment.outcome == SOME_INDICATORS:
        out.add(
            f"Some indicators are answered yes, but exploitative conditions (EX) are not positive [{combination}].",
            f"有部分指标回答为“是”，但剥削性工作条件（EX）未呈阳性［{combination}］。",
        )
    else:
        out.add(
            f"No indicator is answered yes [{combination}].",
            f"没有指标回答为“是”［{combination}］。",
        )


def _elements(
    instrument: Instrument, assessment: Assessment, out: _Lines, *, provisional: bool
) -> None:
    e = assessment.elements
    parts_en, parts_zh = [], []
    for name, present, sources in (
        ("act", e.act, e.act_from),
        ("means", e.means, e.means_from),
        ("purpose", e.purpose, e.purpose_from),
    ):
        label = ELEMENT_LABELS[name]
        if present:
            parts_en.append(f"{label.en}: yes ({', '.join(sources)})")
            parts_zh.append(f"{label.zh_hans}：是（{'、'.join(sources)}）")
        else:
            parts_en.append(f"{label.en}: not found")
            parts_zh.append(f"{label.zh_hans}：未发现")
    prefix_en = (
        "Palermo elements (provisional, from the pre-filled answers): "
        if provisional
        else "Palermo elements: "
    )
    prefix_zh = "巴勒莫要素（暂定，依据预先填写的答案）：" if provisional else "巴勒莫要素："
    out.add(prefix_en + "; ".join(parts_en) + ".", prefix_zh + "；".join(parts_zh) + "。")
    if instrument.decision_rule.id != RULE_PALERMO and not provisional:
        out.add(
            "Act comes from a positive recruitment dimension or an ACT_* answer; means from a positive DR, CR, VR, CD or VD dimension or a MEANS_* answer; purpose from positive exploitative conditions (EX) or a PURPOSE_* answer.",
            "“行为”来自阳性的招募维度或 ACT_* 回答；“手段”来自阳性的 DR、CR、VR、CD 或 VD 维度或 MEANS_* 回答；“目的”来自阳性的剥削性工作条件（EX）或 PURPOSE_* 回答。",
        )
        palermo_met = e.act and e.purpose and (e.means or assessment.child_rules_applied)
        if palermo_met and assessment.outcome != TRAFFICKING_MET:
            out.add(
                "The Palermo elements recorded are all present although the ILO/EC indicators are not met: complete the palermo-elements checklist and consider referral.",
                "虽然未达到国际劳工组织/欧盟委员会指标，但所记录的巴勒莫要素齐备：请完成巴勒莫要素核查表并考虑转介。",
            )


def _subject(child: bool, age: int | None, age_uncertain: bool, out: _Lines) -> None:
    if child:
        if age is None:
            why_en, why_zh = (
                "the age is uncertain and the person may be under 18",
                "年龄不确定，且当事人可能未满18岁",
            )
        else:
            why_en, why_zh = f"the recorded age is {age}", f"记录的年龄为{age}岁"
        out.add(
            f"Child rule applied: {why_en}. The person is treated as a child; means are not required (Palermo Protocol art. 3(c); EU Directive 2011/36/EU arts. 2(5) and 13(2)).",
            f"适用儿童规则：{why_zh}。按儿童对待；不要求手段要素（《巴勒莫议定书》第三条第（三）项；欧盟第2011/36/EU号指令第2条第5款、第13条第2款）。",
        )
        return
    if age is None:
        out.add(
            "Adult rules applied: no age recorded. If the person may be under 18, record the age as uncertain: the child rule then applies.",
            "适用成年人规则：未记录年龄。如当事人可能未满18岁，请将年龄记录为“不确定”，届时将适用儿童规则。",
        )
    elif age_uncertain:
        out.add(
            f"Adult rules applied: estimated age {age}, recorded as uncertain. If the person might be under 18, record the lowest plausible age or leave the age empty: the child rule then applies.",
            f"适用成年人规则：估计年龄{age}岁，记录为不确定。如当事人可能未满18岁，请记录可能的最低年龄或不填年龄，届时将适用儿童规则。",
        )
    else:
        out.add(f"Adult rules applied (age {age}).", f"适用成年人规则（年龄{age}岁）。")


def _completeness(completeness: Completeness, out: _Lines, *, first_contact: bool) -> None:
    n = len(completeness.unknown)
    if n == 0:
        out.add("Every question is answered.", "所有问题均已回答。")
        return
    if not completeness.outcome_could_change:
        out.add(
            f"{n} question(s) unanswered; no answer to them could change the outcome.",
            f"有{n}个问题未回答；无论如何回答都不会改变结果。",
        )
        return
    out.add(
        f"{n} question(s) unanswered; the outcome could still change.",
        f"有{n}个问题未回答；结果仍可能改变。",
    )
    for path in completeness.paths:
        label = OUTCOME_LABELS[path.reaches]
        ids = [q.id for q in path.questions]
        if path.answer == "no":
            out.add(
                f"- {label.en} only if all {path.min_answers} unanswered question(s) are answered no: {_ids(ids)}.",
                f"- 只有全部{path.min_answers}个未回答的问题都回答“否”，结果才会是“{label.zh_hans}”：{_ids(ids)}。",
            )
        else:
            out.add(
                f"- {label.en}: possible with {path.min_answers} more yes answer(s); the questions that count, most decisive first: {_ids(ids)}.",
                f"- {label.zh_hans}：再有{path.min_answers}个回答为“是”即可能达到；相关问题（按重要性排序）：{_ids(ids)}。",
            )
    if completeness.most_important and not first_contact:
        out.add(
            f"Most important questions still open: {_ids(list(completeness.most_important), 8)}.",
            f"最重要的未答问题：{_ids(list(completeness.most_important), 8)}。",
        )


def _first_contact(instrument: Instrument, assessment: Assessment, out: _Lines) -> None:
    if assessment.red_flags:
        flags_en = "; ".join(f"{i} {instrument.item(i).label.en}" for i in assessment.red_flags)
        flags_zh = "；".join(
            f"{i} {instrument.item(i).label.zh_hans}" for i in assessment.red_flags
        )
        out.add(
            f"Red flags answered yes [{COMBINATION_RED_FLAG}]: {flags_en}.",
            f"回答为“是”的危险信号［{COMBINATION_RED_FLAG}］：{flags_zh}。",
        )
    elif assessment.combination == COMBINATION_CHILD_UNANSWERED:
        out.add(
            f"No red flag is answered yes, but the person may be a child and some questions are unanswered [{COMBINATION_CHILD_UNANSWERED}]: a possible child is cleared only when every question is answered no.",
            f"没有危险信号回答为“是”，但当事人可能是儿童且仍有问题未回答［{COMBINATION_CHILD_UNANSWERED}］：只有全部问题都回答“否”，才能排除可能为儿童者的危险信号。",
        )
    else:
        out.add(
            "No red flag is answered yes. This covers only the questions answered.",
            "没有危险信号回答为“是”。该结论仅针对已回答的问题。",
        )
    if assessment.prefill:
        out.add(
            f"Pre-filled as yes for the full interview ({instrument.prefill_instrument}), to be confirmed with the person: {', '.join(assessment.prefill)}.",
            f"完整面谈（{instrument.prefill_instrument}）中预先填写为“是”、需与当事人确认的指标：{'、'.join(assessment.prefill)}。",
        )


def _legal(provisions: Sequence[LegalProvision], scope_note: Text | None, out: _Lines) -> None:
    out.add("Provisions that may apply:", "可能适用的规定：")
    for p in provisions:
        out.add(f"- {p.citation.en}: {p.reason.en}", f"- {p.citation.zh_hans}：{p.reason.zh_hans}")
    if scope_note is not None:
        out.add(f"- {scope_note.en}", f"- {scope_note.zh_hans}")


def explain(
    instrument: Instrument,
    assessment: Assessment,
    completeness: Completeness,
    provisions: Sequence[LegalProvision],
    *,
    age: int | None,
    age_uncertain: bool,
    sex: Sex | None = None,
) -> Text:
    out = _Lines()
    rule_id = instrument.decision_rule.id
    out.add(
        f"{instrument.title.en} (instrument {instrument.id} {instrument.version}; rule {rule_id}; engine rules {RULE_VERSION}).",
        f"{instrument.title.zh_hans}（工具 {instrument.id} {instrument.version}；规则 {rule_id}；引擎规则 {RULE_VERSION}）。",
    )
    label = OUTCOME_LABELS[assessment.outcome]
    out.add(
        f"Outcome: {label.en} [{assessment.outcome}].",
        f"结果：{label.zh_hans}［{assessment.outcome}］。",
    )
    _subject(assessment.child_rules_applied, age, age_uncertain, out)
    first_contact = rule_id == RULE_FIRST_CONTACT
    if first_contact:
        _first_contact(instrument, assessment, out)
    elif rule_id == RULE_PALERMO:
        e = assessment.elements
        if assessment.combination == COMBINATION_PALERMO_ADULT:
            out.add(
                f"Adult rule met [{COMBINATION_PALERMO_ADULT}]: act, means and purpose are all present.",
                f"符合成年人规则［{COMBINATION_PALERMO_ADULT}］：行为、手段和目的均已具备。",
            )
        elif assessment.combination == COMBINATION_PALERMO_CHILD:
            out.add(
                f"Child rule met [{COMBINATION_PALERMO_CHILD}]: act and purpose are present; means are not required for a child.",
                f"符合儿童规则［{COMBINATION_PALERMO_CHILD}］：行为和目的已具备；对儿童不要求手段要素。",
            )
        elif assessment.outcome == EXPLOITATION_ONLY:
            missing = [
                n
                for n, v in (("act", e.act), ("means", e.means))
                if not v and not (n == "means" and assessment.child_rules_applied)
            ]
            out.add(
                f"A purpose of exploitation is present, but {' and '.join(ELEMENT_LABELS[m].en for m in missing)} not found [{assessment.combination}].",
                f"存在剥削目的，但未发现{'和'.join(ELEMENT_LABELS[m].zh_hans for m in missing)}［{assessment.combination}］。",
            )
    else:
        out.add("Dimensions (" + RULE_REMINDER.en + "):", "维度（" + RULE_REMINDER.zh_hans + "）：")
        for d in assessment.dimensions:
            _dimension_line(instrument, d, out)
        _combination(assessment, out)
    _elements(instrument, assessment, out, provisional=first_contact)
    _completeness(completeness, out, first_contact=first_contact)
    _legal(provisions, prc_240_scope_note(assessment, age=age, sex=sex), out)
    out.add(DISCLAIMER.en, DISCLAIMER.zh_hans)
    return out.text()
