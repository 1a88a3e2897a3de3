"""The manual's law list in chat: every item by natural phrasings of its title, the whole list,
laws the list does not hold, and questions about the manual itself."""

from __future__ import annotations

from knowledge.manual import ManualIndex
from tests.knowledge.manual.law_phrasings import phrasings
from tests.support.chat import Chat

INDEX = ManualIndex.load()
LAWS = INDEX.content.laws


def _user(n: int) -> str:
    return "U" + f"{n:032d}"  # one user per question: the sweep stays under the per-user rate limit


def test_every_list_item_is_answered_by_natural_phrasings(chat: Chat) -> None:
    failed = []
    n = 0
    for no, law in enumerate(LAWS):
        for question in phrasings(law):
            n += 1
            a = chat.say(question, as_user=_user(n))
            if law.text not in a.text or "ยังไม่เข้าใจ" in a.text:
                failed.append((no + 1, question, a.text[:80]))
    assert not failed, failed


def test_probe_questions_name_their_item(chat: Chat) -> None:
    a = chat.say("พ.ร.บ.ข้อมูลข่าวสาร")
    assert "พระราชบัญญัติข้อมูลข่าวสารของทางราชการ พ.ศ.2540" in a.text and "ลำดับที่ 6 จาก 41" in a.text
    a = chat.say("ระเบียบว่าด้วยการรักษาความปลอดภัยแห่งชาติ")
    assert "ระเบียบสำนักนายกรัฐมนตรี ว่าด้วยการรักษาความปลอดภัยแห่งชาติ พ.ศ. 2517" in a.text
    a = chat.say("พ.ร.บ.คอมพิวเตอร์ 2560")
    assert "ว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์" in a.text and "2550" in a.text
    assert "ไม่ได้กล่าวถึงฉบับ พ.ศ. 2560" in a.text
    assert "งานพัฒนาเครือข่ายเทคโนโลยีสารสนเทศและการสื่อสาร" in a.text  # where the manual cites it
    refs = a.tap("เอกสารอ้างอิง").text  # the network process's references, which cite it
    assert "เอกสารองค์ความรู้ด้านระบบเครือข่าย" in refs and "ความผิดเกี่ยวกับคอมพิวเตอร์" in refs
    a = chat.say("แผนการบริหารราชการแผ่นดิน")  # no manual keyword: found by its title all the same
    assert "แผนการบริหารราชการแผ่นดิน พ.ศ.2552 - 2554" in a.text


def test_a_law_the_manual_does_not_cite(chat: Chat) -> None:
    a = chat.say("กฎหมาย PDPA")
    assert "ไม่มีรายการที่ตรงกับคำถามนี้" in a.text and "ยังไม่เข้าใจ" not in a.text
    whole = a.tap("กฎหมายทั้งหมด")
    assert all(law.text in whole.text for law in LAWS)


def test_the_whole_list(chat: Chat) -> None:
    for question in ("มีกฎหมายอะไรบ้าง", "ระเบียบที่เกี่ยวข้อง"):
        a = chat.say(question)
        assert "41 รายการ" in a.text and LAWS[0].text in a.text and LAWS[-1].text in a.text


def test_questions_about_the_manual_itself(chat: Chat) -> None:
    a = chat.say("ใครจัดทำคู่มือนี้")
    assert "นางสาวนฤมล รักษาบุญ" in a.text and "ขั้นตอนที่" not in a.text
    a = chat.say("ใครจัดทำคู่มือ")
    assert "จัดทำโดย: นางสาวนฤมล รักษาบุญ" in a.text and "ขั้นตอนที่" not in a.text
    a = chat.say("คู่มือนี้ของหน่วยงานไหน")
    assert "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาเพชรบูรณ์" in a.text and "นโยบายและกลยุทธ์" not in a.text
    for question in ("คู่มือปีไหน", "คู่มือฉบับปีอะไร"):
        a = chat.say(question)
        assert "ไม่ได้ระบุปี" in a.text and "แผนพัฒนาการศึกษาแห่งชาติ" not in a.text
    a = chat.say("คู่มือมีกี่กระบวนงาน")
    assert "4 กระบวนงาน" in a.text and all(p.name in a.text for p in INDEX.processes)
