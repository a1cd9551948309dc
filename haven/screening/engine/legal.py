"""Legal provisions that may apply to a screening result (decision support, never a verdict).

Facts from ``standards/legal-frameworks.md``; texts are the project's own. A result always shows
the international elements and the domestic provisions that may apply side by side, because the
PRC Criminal Law reads differently from the Palermo Protocol ("purpose of selling" rather than
"purpose of exploitation", women and children only, child threshold 14 rather than 18).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from .instruments import Text
from .rules import TRAFFICKING_MET, Assessment

Sex = Literal["female", "male"]

DISCLAIMER: Final = Text(
    en=(
        "This result is decision support for referral, not a legal determination. Only the "
        "competent authorities decide whether a person is a victim of trafficking or whether an "
        "offence was committed, and assistance must not wait for that decision."
    ),
    zh_hans=(
        "本结果仅为转介决策提供参考，并非法律认定。是否属于人口贩运受害者、是否构成犯罪，只能由主管机关认定；"
        "援助不应等待该认定。"
    ),
)


@dataclass(frozen=True)
class Provision:
    id: str
    citation: Text
    summary: Text


@dataclass(frozen=True)
class LegalProvision:
    """A provision listed for a result, with the reason it is listed."""

    id: str
    citation: Text
    summary: Text
    reason: Text

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "citation": self.citation.as_dict(),
            "summary": self.summary.as_dict(),
            "reason": self.reason.as_dict(),
        }


PROVISIONS: Final[Mapping[str, Provision]] = {
    p.id: p
    for p in (
        Provision(
            "UN-TIP-PROTOCOL-ART3",
            Text(
                "UN Trafficking in Persons Protocol (Palermo Protocol, 2000), art. 3",
                "《联合国打击跨国有组织犯罪公约关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》"
                "（《巴勒莫议定书》，2000年）第三条",
            ),
            Text(
                "Trafficking is an act (recruitment, transportation, transfer, harbouring or receipt) "
                "by a means (force, coercion, abduction, fraud, deception, abuse of power or of a "
                "position of vulnerability, payments to a person in control) for the purpose of "
                "exploitation. Consent is irrelevant once a means was used; for a child under 18, act "
                "and purpose suffice. China acceded in December 2009.",
                "人口贩运是指为剥削目的，通过某种手段（暴力、胁迫、绑架、欺诈、欺骗、滥用权力或利用弱势地位、"
                "向控制者给付报酬）实施某种行为（招募、运送、转移、窝藏或接收人员）。一旦使用了上述手段，"
                "当事人的同意即不相关；对未满18岁的儿童，只需行为和目的。中国于2009年12月加入该议定书。",
            ),
        ),
        Provision(
            "EU-DIR-2011-36-ART2",
            Text(
                "EU Directive 2011/36/EU, art. 2, as amended by Directive (EU) 2024/1712",
                "欧盟第2011/36/EU号指令第2条（经第(EU) 2024/1712号指令修订）",
            ),
            Text(
                "The same three elements, with forced begging and the exploitation of criminal "
                "activities among the forms of exploitation; the 2024 amendment adds exploitation of "
                "surrogacy, forced marriage and illegal adoption. A position of vulnerability means the "
                "person has no real or acceptable alternative but to submit. For a child no means is "
                "required.",
                "同样的三个要素，剥削形式包括强迫乞讨和利用从事犯罪活动；2024年修订增加了利用代孕进行剥削、"
                "强迫婚姻和非法收养。弱势地位是指当事人除屈从之外没有真正的或可接受的选择。对儿童不要求手段要素。",
            ),
        ),
        Provision(
            "EU-DIR-2011-36-ART8",
            Text(
                "EU Directive 2011/36/EU, art. 8 (non-punishment)",
                "欧盟第2011/36/EU号指令第8条（不予惩罚）",
            ),
            Text(
                "Authorities may decline to prosecute or penalise victims for criminal activities they "
                "were compelled to commit as a direct consequence of being trafficked.",
                "对于受害者因被贩运而被迫实施的犯罪活动，主管机关可以不予起诉或不予处罚。",
            ),
        ),
        Provision(
            "EU-DIR-2011-36-ART11",
            Text(
                "EU Directive 2011/36/EU, art. 11 (assistance and support)",
                "欧盟第2011/36/EU号指令第11条（援助与支持）",
            ),
            Text(
                "Assistance and support as soon as there are reasonable grounds to believe a person "
                "might be a victim, not conditional on cooperating with the investigation: safe "
                "accommodation, material assistance, medical and psychological care, counselling, "
                "information, translation and interpretation.",
                "一旦有合理理由相信某人可能是受害者，就应提供援助与支持，且不以配合调查为条件：包括安全的住所、"
                "物质援助、医疗和心理救助、咨询、信息以及笔译和口译。",
            ),
        ),
        Provision(
            "EU-DIR-2011-36-ART13",
            Text(
                "EU Directive 2011/36/EU, arts. 13-16 (child victims)",
                "欧盟第2011/36/EU号指令第13至16条（儿童受害者）",
            ),
            Text(
                "The child's best interests are a primary consideration. Where the age is uncertain and "
                "there are reasons to believe the person is a child, the person is presumed to be a "
                "child. Individual assessment, a guardian or representative from identification, "
                "child-friendly interviews.",
                "儿童最大利益应作为首要考虑。年龄不确定且有理由相信其为儿童的，推定为儿童。应进行个别评估，"
                "自识别之时起指定监护人或代理人，并采用适合儿童的面谈方式。",
            ),
        ),
        Provision(
            "COE-CONV-2005-ART13",
            Text(
                "Council of Europe Convention on Action against Trafficking in Human Beings (2005), art. 13",
                "《欧洲委员会打击贩运人口行动公约》（2005年）第13条",
            ),
            Text(
                "A recovery and reflection period of at least 30 days, during which no expulsion order "
                "may be enforced against the person.",
                "给予至少30天的恢复和考虑期，在此期间不得对其执行驱逐令。",
            ),
        ),
        Provision(
            "PRC-CL-240",
            Text(
                "Criminal Law of the People's Republic of China, art. 240 (abducting and trafficking women or children)",
                "《中华人民共和国刑法》第二百四十条（拐卖妇女、儿童罪）",
            ),
            Text(
                "Abducting, kidnapping, buying, selling, sending or transferring a woman or a child for "
                "the purpose of selling: 5 to 10 years and a fine, 10 years to life in eight aggravating "
                "circumstances. Narrower than the Palermo definition: it requires the purpose of "
                "selling, covers only women (female, 14 or over) and children (under 14), and does not "
                "cover males aged 14 or over.",
                "以出卖为目的，拐骗、绑架、收买、贩卖、接送、中转妇女、儿童的，处五年以上十年以下有期徒刑并处罚金；"
                "有八种加重情节之一的，处十年以上有期徒刑或者无期徒刑。其范围窄于《巴勒莫议定书》：须以出卖为目的，"
                "仅适用于妇女（14周岁以上女性）和儿童（不满14周岁），不包括14周岁以上的男性。",
            ),
        ),
        Provision(
            "PRC-CL-241",
            Text(
                "Criminal Law of the People's Republic of China, art. 241 (buying abducted women or children)",
                "《中华人民共和国刑法》第二百四十一条（收买被拐卖的妇女、儿童罪）",
            ),
            Text(
                "Buying an abducted woman or child: up to 3 years; since Amendment IX (2015) the buyer "
                "can no longer be exempted from punishment.",
                "收买被拐卖的妇女、儿童的，处三年以下有期徒刑、拘役或者管制；《刑法修正案（九）》（2015年）"
                "取消了对收买者免除处罚的规定。",
            ),
        ),
        Provision(
            "PRC-CL-244",
            Text(
                "Criminal Law of the People's Republic of China, art. 244 (forcing labour)",
                "《中华人民共和国刑法》第二百四十四条（强迫劳动罪）",
            ),
            Text(
                "Forcing a person to work by violence, threat or restriction of personal freedom: up to "
                "3 years and a fine, 3 to 10 years in serious cases. Recruiting, transporting or "
                "otherwise assisting is punished the same (Amendment VIII, 2011). Covers persons of any "
                "sex and age.",
                "以暴力、威胁或者限制人身自由的方法强迫他人劳动的，处三年以下有期徒刑或者拘役并处罚金；"
                "情节严重的，处三年以上十年以下有期徒刑并处罚金。明知他人实施上述行为，为其招募、运送人员或者有其他协助行为的，"
                "依照同样规定处罚（《刑法修正案（八）》，2011年）。适用于任何性别和年龄的人。",
            ),
        ),
        Provision(
            "PRC-CL-358",
            Text(
                "Criminal Law of the People's Republic of China, art. 358 (organising or forcing prostitution)",
                "《中华人民共和国刑法》第三百五十八条（组织卖淫罪、强迫卖淫罪）",
            ),
            Text(
                "Organising or forcing others into prostitution: 5 to 10 years, 10 years to life in "
                "serious cases, heavier when the person is a minor; assisting by recruiting or "
                "transporting: up to 5 years.",
                "组织、强迫他人卖淫的，处五年以上十年以下有期徒刑；情节严重的，处十年以上有期徒刑或者无期徒刑；"
                "涉及未成年人的从重处罚；为组织卖淫的人招募、运送人员或者有其他协助行为的，处五年以下有期徒刑。",
            ),
        ),
    )
}

# Items whose "yes" points to selling, buying or abduction (PRC Criminal Law arts. 240/241).
SELLING_SIGNALS: Final = frozenset(
    {
        "CR02",
        "DR09",
        "MEANS_ABDUCTION",
        "MEANS_PAYMENTS",
        "PURPOSE_SLAVERY",
        "PURPOSE_FORCED_MARRIAGE",
        "PURPOSE_ILLEGAL_ADOPTION",
    }
)
CRIMINAL_ACTIVITY_SIGNALS: Final = frozenset({"CD05", "PURPOSE_CRIMINAL_ACTIVITIES", "FC10"})
SEXUAL_EXPLOITATION_SIGNALS: Final = frozenset({"PURPOSE_SEXUAL_EXPLOITATION"})
FORCED_CLIENT_SIGNALS: Final = frozenset({"CD06", "FC09"})
COERCION_ELEMENT_SIGNALS: Final = frozenset(
    {"MEANS_THREAT_FORCE", "MEANS_ABDUCTION", "PURPOSE_FORCED_LABOUR"}
)
# Purposes that are forced work or services within PRC Criminal Law art. 244.
LABOUR_PURPOSE_SIGNALS: Final = frozenset(
    {"PURPOSE_FORCED_LABOUR", "PURPOSE_SERVITUDE", "PURPOSE_SLAVERY", "PURPOSE_FORCED_BEGGING"}
)


def _listed(provision_id: str, reason: Text) -> LegalProvision:
    p = PROVISIONS[provision_id]
    return LegalProvision(p.id, p.citation, p.summary, reason)


def _joined(ids: set[str] | frozenset[str]) -> str:
    return ", ".join(sorted(ids))


def select_provisions(
    assessment: Assessment,
    *,
    coercion_ids: frozenset[str],
    labour_ids: frozenset[str],
    child: bool,
    age: int | None,
    sex: Sex | None,
) -> tuple[LegalProvision, ...]:
    """Provisions that may apply, each with the reason it is listed.

    ``coercion_ids``: "yes" items (or first-contact pre-fills) that count as coercion at
    destination or coercive recruitment; ``labour_ids``: those that count as exploitative work.
    """
    yes = set(assessment.yes) | set(assessment.prefill)
    elements = assessment.elements
    found_en = [
        n
        for n, v in (
            ("act", elements.act),
            ("means", elements.means),
            ("purpose", elements.purpose),
        )
        if v
    ]
    found_zh = [
        n
        for n, v in (("行为", elements.act), ("手段", elements.means), ("目的", elements.purpose))
        if v
    ]
    listed = [
        _listed(
            "UN-TIP-PROTOCOL-ART3",
            Text(
                "The international definition. Elements found: "
                + (", ".join(found_en) or "none")
                + ".",
                "国际定义。已发现的要素：" + ("、".join(found_zh) or "无") + "。",
            ),
        ),
        _listed(
            "EU-DIR-2011-36-ART2",
            Text(
                "The EU definition, with the wider list of forms of exploitation.",
                "欧盟的定义，剥削形式的范围更广。",
            ),
        ),
    ]
    if assessment.outcome == TRAFFICKING_MET:
        listed.append(
            _listed(
                "EU-DIR-2011-36-ART11",
                Text(
                    "The indicators give reasonable grounds to offer assistance now, whether or not the person cooperates with the authorities.",
                    "这些指标构成立即提供援助的合理理由，无论当事人是否配合当局。",
                ),
            )
        )
        listed.append(
            _listed(
                "COE-CONV-2005-ART13",
                Text(
                    "Where the Convention applies, a foreign national identified on these grounds should be offered a reflection period.",
                    "在适用该公约的地方，据此被识别的外国人应获得考虑期。",
                ),
            )
        )
    if child:
        listed.append(
            _listed(
                "EU-DIR-2011-36-ART13",
                Text(
                    "The person is under 18 or may be under 18 and is treated as a child.",
                    "当事人未满18岁或可能未满18岁，按儿童对待。",
                ),
            )
        )
    crime = yes & CRIMINAL_ACTIVITY_SIGNALS
    if crime:
        listed.append(
            _listed(
                "EU-DIR-2011-36-ART8",
                Text(
                    f"The person may have been compelled to commit offences ({_joined(crime)}).",
                    f"当事人可能是被迫实施违法犯罪行为（{_joined(crime)}）。",
                ),
            )
        )
    selling = yes & SELLING_SIGNALS
    adult_male = sex == "male" and age is not None and age >= 14
    if selling and not adult_male:
        if age is not None and age < 14:
            scope = Text(
                "The person is under 14, a child within the meaning of art. 240.",
                "当事人不满14周岁，属于第二百四十条所称的儿童。",
            )
        elif sex == "female":
            scope = Text(
                "The person is female; art. 240 covers women and girls aged 14 or over as women.",
                "当事人为女性；第二百四十条将14周岁以上女性作为妇女予以保护。",
            )
        else:
            scope = Text(
                "It applies only if the person is female, or a child under 14; a boy or man aged 14 or over is not covered.",
                "仅在当事人为女性或不满14周岁的儿童时适用；14周岁以上的男性不在其保护范围内。",
            )
        listed.append(
            _listed(
                "PRC-CL-240",
                Text(
                    f"Signs of abduction, selling or buying ({_joined(selling)}), if the purpose was to sell the person. {scope.en}",
                    f"存在绑架、出卖或收买的迹象（{_joined(selling)}），如其目的是出卖当事人。{scope.zh_hans}",
                ),
            )
        )
        listed.append(
            _listed(
                "PRC-CL-241",
                Text(
                    "Whoever bought the person may also be liable.",
                    "收买当事人的人也可能承担刑事责任。",
                ),
            )
        )
    coercion = (yes & coercion_ids) | (yes & COERCION_ELEMENT_SIGNALS)
    labour = (yes & labour_ids) | (yes & LABOUR_PURPOSE_SIGNALS)
    if coercion and labour:
        note = Text(
            " Art. 244 also reaches males aged 14 or over, whom art. 240 does not cover."
            if adult_male
            else "",
            "第二百四十四条同样适用于第二百四十条不保护的14周岁以上男性。" if adult_male else "",
        )
        listed.append(
            _listed(
                "PRC-CL-244",
                Text(
                    f"Work under coercion ({_joined(coercion)}); recruiters and transporters may be liable as well.{note.en}",
                    f"在胁迫下劳动（{_joined(coercion)}）；招募者和运送者也可能承担责任。{note.zh_hans}",
                ),
            )
        )
    sexual = yes & SEXUAL_EXPLOITATION_SIGNALS
    forced_clients = yes & FORCED_CLIENT_SIGNALS
    if sexual or forced_clients:
        reason = (
            Text(
                f"Signs of sexual exploitation ({_joined(sexual)}).",
                f"存在性剥削的迹象（{_joined(sexual)}）。",
            )
            if sexual
            else Text(
                f"If the clients or tasks the person cannot refuse ({_joined(forced_clients)}) include sexual services.",
                f"如当事人无法拒绝的客人或工作（{_joined(forced_clients)}）包括性服务。",
            )
        )
        if child:
            reason = Text(
                reason.en + " Punishment is heavier where a minor is involved.",
                reason.zh_hans + "涉及未成年人的从重处罚。",
            )
        listed.append(_listed("PRC-CL-358", reason))
    return tuple(listed)


def prc_240_scope_note(assessment: Assessment, *, age: int | None, sex: Sex | None) -> Text | None:
    """A note when there are signs of selling but art. 240 cannot apply to this person (a male
    aged 14 or over): the narrower domestic scope must be visible, not silently dropped."""
    selling = (set(assessment.yes) | set(assessment.prefill)) & SELLING_SIGNALS
    if not selling or sex != "male" or age is None or age < 14:
        return None
    return Text(
        f"Signs of abduction, selling or buying ({_joined(selling)}) are recorded, but PRC "
        "Criminal Law art. 240 does not cover a male aged 14 or over; arts. 244 and 358 may reach "
        "the conduct, and the international definition applies regardless of sex.",
        f"已记录绑架、出卖或收买的迹象（{_joined(selling)}），但《刑法》第二百四十条不适用于14周岁以上的男性；"
        "相关行为可能适用第二百四十四条和第三百五十八条，而国际定义不分性别均适用。",
    )
