"""`khetbot import schools|students` and `khetbot eval nlu`, run through the real CLI."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app, open_db
from bot.settings import Settings
from models.school import Enrollment, School
from tests.support.chat import Chat

DATA = Path(__file__).parents[1] / "fixtures" / "data"


def khetbot(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> tuple[int, str]:
    """Run the CLI against the test's database; (exit code, stdout + stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def counts(settings: Settings) -> tuple[int, int]:
    engine, sessions = open_db(settings)
    with sessions() as s:
        out = (s.scalar(select(func.count(School.id))) or 0, s.scalar(select(func.count(Enrollment.id))) or 0)
    engine.dispose()
    return out


def test_import_prints_summary_and_reimport_changes_nothing(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    code, out = khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(DATA / "schools.csv"))
    assert code == 0 and "5 new" in out
    code, out = khetbot(settings, monkeypatch, tmp_path, "import", "students", str(DATA / "students.csv"),
                        "--source", "DMC", "--as-of", "2025-06-10")
    assert code == 0 and "11 new" in out
    before = counts(settings)
    code, out = khetbot(settings, monkeypatch, tmp_path, "import", "students", str(DATA / "students.csv"))
    assert code == 0 and "0 new, 0 updated, 11 unchanged" in out
    assert counts(settings) == before


def test_bad_row_exits_non_zero_with_row_and_column(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(DATA / "schools.csv"))
    with (DATA / "students.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[4][8] = "สิบ"  # row 5 of the file, column ม.3 หญิง
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    code, out = khetbot(settings, monkeypatch, tmp_path, "import", "students", str(bad))
    assert code != 0
    assert "row 5" in out and "ม.3 หญิง" in out and "nothing was changed" in out
    assert counts(settings) == (5, 0)


def test_missing_file_is_an_error(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, out = khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(tmp_path / "nope.csv"))
    assert code != 0 and "not found" in out


def test_progress_bar_on_large_file(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["รหัสโรงเรียน", "ชื่อโรงเรียน", "อำเภอ"])
        for i in range(2500):
            w.writerow([f"77{i:08d}", f"ทดสอบที่{i}วิทยา", "เมือง"])
    code, out = khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(big))
    assert code == 0 and "2500 new" in out and "rows" in out  # tqdm draws on stderr


def test_eval_nlu_prints_per_intent_scores(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(DATA / "schools.csv"))
    labelled = tmp_path / "nlu.tsv"
    labelled.write_text("# text<TAB>intent\nนักเรียนโรงเรียนภูเขียวพิทยาคมกี่คน\tstudent_count\n"
                        "ครูโรงเรียนสระบัววิทยามีกี่คน\tteacher_count\nสวัสดีค่ะ\tgreeting\n", encoding="utf-8")
    code, out = khetbot(settings, monkeypatch, tmp_path, "eval", "nlu", str(labelled))
    assert code == 0
    assert "precision" in out and "student_count" in out and "confusion" in out


def test_vocabulary_rebuilt_after_import_without_restart(chat: Chat, settings: Settings,
                                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = chat.say("นักเรียนโรงเรียนภูเขียวพิทยาคมกี่คน")
    assert "ไม่พบโรงเรียน" in first.text
    assert khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(DATA / "schools.csv"))[0] == 0
    assert khetbot(settings, monkeypatch, tmp_path, "import", "students", str(DATA / "students.csv"))[0] == 0
    deadline = time.monotonic() + 15
    while True:
        answer = chat.say("นักเรียนโรงเรียนภูเขียวพิทยาคมกี่คน")
        if "3,505" in answer.text or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert "3,505" in answer.text, answer.text
    assert "ข้อมูลตัวอย่าง" not in answer.text  # real data replaced the bundled sample


def test_corrected_numbers_are_answered_right_after_the_import(
        chat: Chat, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Counts are reused until the data changes: a corrected file changes the very next answer."""
    assert khetbot(settings, monkeypatch, tmp_path, "import", "schools", str(DATA / "schools.csv"))[0] == 0
    assert khetbot(settings, monkeypatch, tmp_path, "import", "students", str(DATA / "students.csv"))[0] == 0
    question = "นักเรียนโรงเรียนภูเขียวพิทยาคมกี่คน"
    deadline = time.monotonic() + 15
    while "3,505" not in (answer := chat.say(question)).text and time.monotonic() < deadline:
        time.sleep(0.3)  # the vocabulary learns the new school names in the background
    assert "3,505" in answer.text, answer.text
    assert "3,505" in chat.say(question).text  # asked again: the same number (now from the cache)
    with (DATA / "students.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        if row[0] == "1100000003":
            row[3] = str(int(row[3]) + 100)  # ม.1 ชาย, every period of ภูเขียวพิทยาคม
    corrected = tmp_path / "students-corrected.csv"
    with corrected.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    assert khetbot(settings, monkeypatch, tmp_path, "import", "students", str(corrected))[0] == 0
    assert "3,605" in chat.say(question).text
