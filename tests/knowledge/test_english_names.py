"""Place names typed in Latin letters: read as the Thai name they spell, or kept as an unknown typed name,
never dropped (which made the bot answer for the whole area)."""

from __future__ import annotations

import pytest

from knowledge.names import typed_names
from knowledge.romanized import latin_key, thai_key
from knowledge.understand import understand
from knowledge.vocabulary import Vocabulary


@pytest.mark.parametrize(("thai", "latin"), [
    ("หนองไผ่", "Nong Phai"), ("หล่มสักวิทยาคม", "Lom Sak Wittayakhom"), ("หล่มสักวิทยาคม", "Lomsak Witthayakhom"),
    ("วิเชียรบุรี", "Wichian Buri"), ("ศรีเทพประชาสรรค์", "Si Thep Pracha San"), ("น้ำหนาววิทยาคม", "Nam Nao Wittayakhom"),
    ("พ่อขุนผาเมืองวิทยาคม", "Pho Khun Pha Mueang Wittayakhom"), ("บึงสามพัน", "Bueng Sam Phan"),
])
def test_common_romanisations_share_the_consonant_key(thai: str, latin: str) -> None:
    assert thai_key(thai) == latin_key(latin)


@pytest.mark.parametrize(("text", "kind", "name"), [
    ("how many students at Nong Phai school", "school", "หนองไผ่"),
    ("How many teachers does Lom Sak Wittayakhom have?", "school", "หล่มสักวิทยาคม"),
    ("students in Nong Phai district", "district", "หนองไผ่"),
    ("phone number of wichian buri school", "school", "วิเชียรบุรี"),
    ("how many students at Bangkok Christian school", "school", "bangkok christian"),
    ("how many students in amphoe Bang Kapi", "district", "bang kapi"),
])
def test_a_latin_place_name_is_a_typed_name(vocab: Vocabulary, text: str, kind: str, name: str) -> None:
    u = understand(text, vocab)
    assert [(n.kind, n.name) for n in u.names] == [(kind, name)]
    assert u.intent in ("student_count", "teacher_count", "school_info")


@pytest.mark.parametrize("text", [
    "how many students in the area", "How many students in Phetchabun", "register school account",
    "internet down at school", "smallest school in the area", "how many teachers in total",
])
def test_english_words_and_the_province_are_no_typed_name(vocab: Vocabulary, text: str) -> None:
    assert understand(text, vocab).names == ()


def test_plain_tokens_without_a_vocabulary_keep_the_latin_name() -> None:
    names = typed_names(("how", "many", "students", "at", "nong", "phai", "school"))
    assert [(n.kind, n.name, n.first, n.last) for n in names] == [("school", "nong phai", 4, 6)]
