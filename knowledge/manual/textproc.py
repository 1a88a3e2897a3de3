"""Thai text handling for the manual: normalisation, synonym expansion and tokenisation.

`normalize_text` is the one switch point: it uses the shared `knowledge.normalize.clean`
(script clean-up: zero-width, Thai digits, pythainlp normalize, repeats, case) and then the
manual's own synonym expansions, on the manual's text and on questions alike.

Tokenising is newmm over a small dictionary: the PyThaiNLP words found in the manual's text
(registered by `ManualIndex`), the frequent Thai words shared with `knowledge.tokenize`
(`common_words`), and the manual's stopwords and cue words. The manual's text is cut exactly as
with the full 62k-word dictionary (tested), at a fraction of its memory (~5 MB instead of ~75 MB).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize

from knowledge.normalize import clean
from knowledge.tokenize import WordList, common_words

_SPACES = re.compile(r"\s+")

# Abbreviations, English words and loan words -> the manual's own wording (applied to the
# manual's text and to questions alike, so both sides meet on the same words).
_EXPANSIONS: tuple[tuple[str, str], ...] = (
    (r"พ\s*\.?\s*ร\s*\.?\s*บ\s*\.?", " พระราชบัญญัติ "),
    (r"\bpdpa\b", " พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล "),
    (r"สพฐ\s*\.?|สฟฐ\s*\.?|obec", " สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน "),
    (r"กพฐ\s*\.?", " คณะกรรมการการศึกษาขั้นพื้นฐาน "),
    (r"สพม\s*\.?|สพท\s*\.?", " สำนักงานเขตพื้นที่การศึกษา "),
    (r"ศธ\s*\.", " กระทรวงศึกษาธิการ "),
    (r"\b(?:ict|i\.c\.t\.?)\b|ไอซีที|ไอ\s*ซี\s*ที", " เทคโนโลยีสารสนเทศและการสื่อสาร "),
    (r"\b(?:it|i\.t\.?)\b|ไอที", " เทคโนโลยีสารสนเทศ "),
    (r"\bmis\b|management information system|เอ็ม\s*ไอ\s*เอส", " ข้อมูลสารสนเทศเพื่อการบริหาร "),
    (r"\bnetworks?\b|เน็ตเวิร์[กค]|เนตเวิร์[กค]|\blan\b|\bwan\b", " เครือข่าย "),
    (r"\binnovations?\b", " นวัตกรรม "),
    (r"\bcomputers?\b|คอมพ์|คอม(?!พิวเตอร์|พ)", " คอมพิวเตอร์ "),
    (r"\binformation\b", " สารสนเทศ "),
    (r"\btechnology\b", " เทคโนโลยี "),
    (r"\bdata\s*base\b|\bdatabase\b", " ฐานข้อมูล "),
    (r"\bkpis?\b", " ตัวชี้วัด "),
    (r"\bflow\s*-?\s*charts?\b|โฟล[ว์]*\s*ชา[ร์]*ต|\bdiagram\b", " ผังงาน "),
    (r"\bforms?\b|ฟอร์ม", " แบบฟอร์ม "),
    (r"\bsteps?\b", " ขั้นตอน "),
    (r"\bplan\b", " แผน "),
    (r"ร\.ร\.|รร\.", " โรงเรียน "),
    (r"(?<![ก-ฮ.])ผอ(?:\.|(?![ก-ฮ\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]))", " ผู้อำนวยการ "),  # not ผอม
    (r"\bacts?\b", " พระราชบัญญัติ "),  # "Computer Crime Act"
    # English questions about the manual: its parts and words, the rest of the sentence dropped
    (r"\bdevelop(?:ment|ing)?\b", " พัฒนา "),
    (r"\bobjectives?\b|\bpurposes?\b|\baims?\b", " วัตถุประสงค์ "),
    (r"\bscopes?\b", " ขอบเขต "),
    (r"\bdefinitions?\b|\bmeaning\b", " คำจำกัดความ "),
    (r"\breferences?\b", " เอกสารอ้างอิง "),
    (r"\b(?:quality\s*)?standards?\b", " มาตรฐานคุณภาพ "),
    (r"\b(?:who\s*is\s*)?responsible\b|\bin\s*charge\b", " ผู้รับผิดชอบ "),
    (r"\bhow\s*long\b|\bduration\b", " ใช้เวลา "),
    (r"\b(?:what|which|who|is|are|was|the|of|for|does|do|did|a|an|in|on|to|by|it|take|takes|please|tell|me|"
     r"about|process(?:es)?|procedures?|work|there)\b", " "),
    (r"ฯ", " "),
)
# `\b` between Latin letters only: Thai letters are word characters too, and people write
# "งาน MISคะ" or "คำนิยามของICT" without spaces.
ASCII_EDGE = r"(?:(?<![a-z0-9])(?=[a-z0-9])|(?<=[a-z0-9])(?![a-z0-9]))"
_EXPANSION_RES = tuple((re.compile(p.replace(r"\b", ASCII_EDGE), re.IGNORECASE), r) for p, r in _EXPANSIONS)
_DOUBLE_FORM = re.compile(r"แบบ\s*แบบฟอร์ม")

# Dictionary compounds split so that a question using the parts meets the manual's text.
_SPLIT_COMPOUNDS = frozenset({
    "เทคโนโลยีสารสนเทศ", "งานสารบรรณ", "ตอนที่", "สำนักงานเขต", "ปีงบประมาณ",
    "การใช้งาน", "ข้อมูลข่าวสาร", "ลักษณะเฉพาะ", "ผู้รับผิดชอบ", "ใช้เวลา", "แผนแม่บท",
    "ความเป็นไปได้", "ประเมินผล", "การบริหาร", "ฐานข้อมูล", "ศึกษาธิการ", "ระบบเครือข่าย",
    "การบริหารการศึกษา", "มีประสิทธิภาพ", "วิจัยและพัฒนา", "คู่มือการใช้", "ระบบข้อมูล",
    "การจัดระบบ", "ระเบียบการ", "วางแผนการ", "แผนที่", "ผลการดำเนินงาน", "ตั้งงบประมาณ",
    "แผนการ", "ให้บริการ", "งานการ", "การนำ", "ทางใน", "มีระบบ", "เป็นระบบ", "นำไปใช้",
    "ตามเวลา", "มีบทบาท", "ประกอบการ", "เพื่อให้", "กำหนดให้", "ใช้ได้", "อยู่แล้ว",
    "เป็นไปได้", "ทางราชการ", "ในสังกัด", "ตลอดปี", "ช่วงเวลา", "ระบบการ", "ผลการ",
    "เอกสารอ้างอิง", "หลักฐานอ้างอิง", "ใช้เวลานาน", "การงาน", "แห่งชาติ",
})
_EXTRA_WORDS = frozenset({
    "สารสนเทศ", "นวัตกรรม", "ขั้นตอน", "ผังงาน", "แบบฟอร์ม", "ตัวชี้วัด", "หมายถึง",
    "สารบรรณ", "คุณลักษณะ", "ราคากลาง", "คอมพิวเตอร์", "ผู้รับบริการ", "ผู้ให้บริการ",
    "คณะทำงาน", "มัธยมศึกษา", "ประถมศึกษา", "บำรุงรักษา", "อิเล็กทรอนิกส์", "วัตถุประสงค์",
    "ขอบเขต", "คำจำกัดความ", "ภาคบังคับ", "แห่ง", "ชาติ", "สถานศึกษา", "งบประมาณ",
    "ประสิทธิภาพ", "ปีงบ", "บริการ", "ระยะเวลา", "ไหน", "คะ", "ค่ะ", "ครับ", "นะคะ", "ดำเนินการ",
})

# Function words, question words and particles: they carry no content for matching.
STOPWORDS = frozenset({
    "และ", "ของ", "ที่", "ใน", "ให้", "เพื่อ", "ต่อ", "ตาม", "มี", "ได้", "การ", "ความ", "กับ",
    "หรือ", "จาก", "โดย", "ซึ่ง", "ได้แก่", "รวมทั้ง", "ทั้ง", "ไป", "เป็น", "อยู่", "แล้ว", "ว่า",
    "นี้", "นั้น", "อย่าง", "ไว้", "จะ", "ต้อง", "ก็", "แต่", "ถึง", "ไหม", "มั้ย", "เปล่า", "หรือเปล่า",
    "อะไร", "ไหน", "ใด", "ใคร", "ยังไง", "อย่างไร", "เท่าไร", "เท่าไหร่", "กี่", "บ้าง", "คือ", "อ่ะ",
    "ครับ", "ค่ะ", "คะ", "คับ", "ครับผม", "นะ", "จ้ะ", "จ้า", "ค่า", "ฮะ", "จ๊ะ", "เลย", "หน่อย",
    "ขอ", "ช่วย", "บอก", "ทราบ", "อยาก", "รู้", "ด้วย", "สอบถาม", "ถาม", "หา", "ดู", "เรา", "ผม",
    "ฉัน", "หนู", "ดิฉัน", "เค้า", "เขา", "มัน", "คุณ", "ท่าน", "พี่", "น้อง", "the", "of", "and",
    "what", "is", "how", "a", "an", "to", "for", "in", "งาน", "คู่มือ", "กระบวนงาน", "กระบวนการ",
    "เรื่อง", "ข้อ", "หัวข้อ", "ส่วน", "ตอน", "เกี่ยวกับ", "เกี่ยวข้อง", "สำหรับ", "ไร", "ทำไม",
    "แต่ละ", "ทั้งหมด", "ทุก", "ผู้", "นะคะ", "นะครับ", "อะ", "เหรอ", "มั๊ย", "อะไรบ้าง", "please",
    "ขอบคุณ", "สิ", "ซิ", "ล่ะ", "หรอ", "คืออะไร", "ยังไงบ้าง", "แบบ",
    # the chatter of a long polite message around the question
    "สวัสดี", "แน่ใจ", "ไม่แน่ใจ", "ไม่", "ตรงนี้", "ต้องการ", "พอดี", "เขียน", "ถ้า", "รบกวน", "ขออนุญาต", "อนุญาต",
    "เรียน", "กำลัง", "ตอนนี้", "ได้รับ", "มอบหมาย", "ยังไม่", "ค่อย", "เข้าใจ", "ขอบพระคุณ", "ล่วงหน้า",
    "หนูเป็น", "ผมเป็น", "ใหม่", "พรุ่งนี้", "วันนี้", "ด่วน", "นิดนึง", "นิดหน่อย",
})
_PUNCT = re.compile(r"^[\W_]+$")


def normalize_text(text: str) -> str:
    """Normalise Thai text: vowel order, Thai digits, zero-width, case, spacing, synonyms."""
    s = clean(text)
    for rx, rep in _EXPANSION_RES:
        s = rx.sub(rep, s)
    s = _DOUBLE_FORM.sub("แบบฟอร์ม", s)
    return _SPACES.sub(" ", s).strip()


# The segmentation dictionary: the PyThaiNLP words that occur in the manual's own text
# (`register_text`, when an index is built), frequent Thai words (so that a question's ordinary
# words stay whole), the stopwords above and words added by `add_words` (cue words); only
# PyThaiNLP words are kept, minus the split compounds, plus the extra words, as before. Words a
# question has and the manual lacks can match nothing anyway. The full 62k-word trie cost ~75 MB
# and ~0.6 s per process. The dictionary (a compact `WordList`, same cuts as a pythainlp Trie) is
# replaced, never mutated, when words are added.
_MAX_WORD_LEN = 40
_dict_lock = threading.Lock()
_dict_words: frozenset[str] = frozenset(_EXTRA_WORDS | STOPWORDS)
_dict_trie: WordList | None = None


def _trie() -> WordList:
    """The current segmentation trie (built on first use)."""
    trie = _dict_trie
    if trie is None:
        trie = _rebuild(frozenset())
    return trie


def current_dictionary() -> WordList:
    """The segmentation dictionary in use now (replaced, never mutated, when words are added)."""
    return _trie()


def _rebuild(new: frozenset[str]) -> WordList:
    """Swap in a new trie holding the registered words plus `new` (never mutated in place)."""
    global _dict_words, _dict_trie
    with _dict_lock:
        if _dict_trie is not None and new <= _dict_words:
            return _dict_trie
        if _dict_trie is None:  # first use: ordinary frequent words, so questions segment well
            new = new | common_words()
        _dict_words = _dict_words | new
        _dict_trie = WordList(((_dict_words & thai_words()) - _SPLIT_COMPOUNDS) | _EXTRA_WORDS)
        return _dict_trie


def add_words(words: Iterable[str]) -> None:
    """Add words to the segmentation dictionary (question cue words, aliases ...)."""
    global _dict_words
    new = frozenset(w for w in words if w and not w.isspace())
    with _dict_lock:
        if _dict_trie is None:  # not built yet: the first tokenisation builds it with these
            _dict_words = _dict_words | new
            return
    _rebuild(new)


def register_text(texts: Iterable[str]) -> None:
    """Add every dictionary word that occurs in these texts (normalised as the index does)."""
    known = thai_words()
    norms = {normalize_text(text) for text in set(texts)}
    chunks = {c for norm in norms for c in _SPACES.split(norm) if len(c) > 1}
    joined = "\n".join(norms)  # the few very long or spaced dictionary words are looked up whole
    found = {w for w in known if (len(w) > _MAX_WORD_LEN or " " in w) and w in joined}
    for chunk in chunks:
        n = len(chunk)
        for i in range(n - 1):
            for j in range(i + 2, min(n, i + _MAX_WORD_LEN) + 1):
                sub = chunk[i:j]
                if sub in known:
                    found.add(sub)
    add_words(found)


def tokenize(normalized: str) -> list[str]:
    """Split normalised text into newmm word tokens (spaces and punctuation dropped)."""
    toks = word_tokenize(normalized, custom_dict=_trie(), engine="newmm", keep_whitespace=False)
    return [t for t in toks if t.strip() and not _PUNCT.match(t)]


def _stem(token: str) -> str:
    """Drop the nominalising prefixes การ/ความ so "การพัฒนา" meets "พัฒนา"."""
    for prefix in ("การ", "ความ"):
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            return token[len(prefix):]
    return token


def words(text: str) -> list[str]:
    """Raw newmm words of display text, punctuation and spaces kept (for line wrapping)."""
    return list(word_tokenize(text, custom_dict=_trie(), engine="newmm", keep_whitespace=True))


def content_tokens(normalized: str) -> list[str]:
    """Tokens that carry content: tokenised, stemmed, without stopwords and particles."""
    out = []
    for tok in tokenize(normalized):
        stem = _stem(tok)
        if tok.isdigit() or (tok not in STOPWORDS and stem not in STOPWORDS and len(tok) > 1):
            out.append(stem)
    return out


def split_compound(token: str, known: frozenset[str] | set[str], depth: int = 0) -> list[str]:
    """Split an unknown compound into known parts ("เอกสารอ้างอิง" -> เอกสาร, อ้างอิง), else keep it."""
    if token in known or depth > 3 or len(token) < 4:
        return [token]
    for i in range(len(token) - 2, 1, -1):
        left, right = token[:i], token[i:]
        if _stem(left) in known or left in known:
            parts = split_compound(right, known, depth + 1)
            if all(_stem(x) in known or x in known for x in parts):
                return [_stem(left)] + [_stem(x) for x in parts]
    return [token]
