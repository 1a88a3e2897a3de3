"""Natural ways people name one item of the manual's law list, generated from its title."""

from __future__ import annotations

import re

from knowledge.manual.model import Law
from knowledge.manual.textproc import tokenize

_KINDS = (
    ("พระราชบัญญัติ", "พ.ร.บ."),
    ("ระเบียบสำนักนายกรัฐมนตรี", "ระเบียบ"),
    ("ระเบียบสำนักงานนายกรัฐมนตรี", "ระเบียบ"),
    ("ระเบียบกระทรวงศึกษาธิการ", "ระเบียบ"),
)
_ASK = ("{x}", "{x} คืออะไร", "ขอข้อมูล{x}หน่อยครับ", "{x} มีในคู่มือไหมคะ")


def _short(name: str) -> str:
    """The title as people shorten it: พ.ร.บ. for พระราชบัญญัติ, ระเบียบว่าด้วย… without the issuer."""
    for long, short in _KINDS:
        if name.startswith(long):
            rest = name[len(long):].strip()
            return f"{short}{rest}"
    return name


def _fragment(name: str) -> str:
    """A fragment of the title: the part after ว่าด้วย/เรื่อง, else the title without a trailing qualifier."""
    m = re.search(r"(?:ว่าด้วย|เรื่อง)\s*(.+)", name)
    core = m.group(1) if m else name
    core = re.sub(r"\s*\((?:ฉบับที่ \d+)\)\s*$", "", core)
    return core.strip()


def phrasings(law: Law) -> list[str]:
    """Questions naming this item: full title, short title, a fragment, and the year when it has one."""
    names = {law.name, _short(law.name), _fragment(law.name)}
    out = [ask.format(x=n) for n in sorted(names) for ask in _ASK[:2]]
    out.append(_ASK[2].format(x=_short(law.name)))
    out.append(_ASK[3].format(x=_fragment(law.name)))
    if re.search(r"ว่าด้วย|เรื่อง", law.name):  # the subject's distinctive end: "ความปลอดภัยแห่งชาติ"
        words = tokenize(_fragment(law.name))
        if len(words) >= 3:
            out.append(f"{''.join(words[1:])} อยู่ในคู่มือไหม")
    if law.year and not law.year_text:
        out.append(f"{_short(law.name)} พ.ศ. {law.year}")
    return out
