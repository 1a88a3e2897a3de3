"""Words typed the way they sound (สารบัญ / สารบัน for สารบรรณ) still find the manual's item."""

from __future__ import annotations

import pytest

from knowledge.manual import ManualIndex
from knowledge.manual.rank import Corpus, sound_key


@pytest.fixture(scope="module")
def index() -> ManualIndex:
    return ManualIndex.load()


def test_sound_key_hears_the_final_n_alike() -> None:
    assert sound_key("สารบัญ") == sound_key("สารบรรณ") == sound_key("สารบัน")
    assert sound_key("นวัตกรรม") != sound_key("สารบรรณ")


def test_corpus_repairs_an_unknown_word_by_its_sound_only_when_spelt_alike() -> None:
    corpus = Corpus([["ระเบียบ", "สารบรรณ"], ["เครือข่าย"]])
    assert corpus.repair(["ระเบียบ", "สารบัญ"]) == ["ระเบียบ", "สารบรรณ"]
    assert corpus.sounds_like("ครือ") is None  # too short to trust a sound
    assert corpus.repair(["นวัตกรรม"]) == ["นวัตกรรม"]  # nothing sounds like it: kept


@pytest.mark.parametrize("question", ["ระเบียบงานสารบัญ", "ระเบียบงานสารบันออกปีไหน", "ระเบียบสารบันปีอะไร"])
def test_law_typed_by_ear_is_found(index: ManualIndex, question: str) -> None:
    ans = index.answer(question)
    assert ans.kind == "law" and "2526" in ans.text, ans.text


def test_references_asked_as_laws_answer_the_process_references(index: ManualIndex) -> None:
    ans = index.answer("งานเครือข่ายอ้างอิงกฎหมายอะไร")
    assert ans.process_id == "network" and "คอมพิวเตอร์" in ans.text, ans.text


def test_success_indicator_wording(index: ManualIndex) -> None:
    ans = index.answer("ตัวชี้วัดความสำเร็จของงานMIS")
    assert ans.process_id == "mis" and ans.field == "indicator", ans.text


@pytest.mark.parametrize(("text", "process"), [("งานMIS", "mis"), ("เครือข่าย", "network"), ("แผนไอซีที", "ict_plan")])
def test_a_process_name_alone_is_named(index: ManualIndex, text: str, process: str) -> None:
    ans = index.named(text)
    assert ans is not None and ans.process_id == process


@pytest.mark.parametrize("text", ["สารสนเทศ", "ทดสอบ", "test 123", "นักเรียนกี่คน"])
def test_a_word_shared_by_processes_or_no_name_is_not_named(index: ManualIndex, text: str) -> None:
    assert index.named(text) is None
