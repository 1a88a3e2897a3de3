"""Flowchart parsing and PNG rendering with a Thai font."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from knowledge.manual import ManualIndex
from knowledge.manual.flowchart import FontNotFound, _wrap, find_font, parse_mermaid, render_flowchart


def test_parse_the_manuals_mermaid() -> None:
    ict = ManualIndex.load().processes[0]
    nodes, edges = parse_mermaid(ict.mermaid())
    assert [n.shape for n in nodes] == ["stadium", "box", "decision", "box", "stadium"]
    assert nodes[2].label == "จัดทำแผนพัฒนา"
    assert edges == [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E")]


def _font_or_skip() -> str:
    try:
        return find_font()
    except FontNotFound:
        pytest.skip("no Thai font installed (apt-get install fonts-thai-tlwg)")


def test_wrap_keeps_every_character() -> None:
    font = ImageFont.truetype(_font_or_skip(), 24)
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    text = "วิเคราะห์ความต้องการทรัพยากร/นวัตกรรมและระบบเทคโนโลยีสารสนเทศเพื่อการบริการ"
    lines = _wrap(draw, text, font, 300)
    assert len(lines) > 1 and "".join(lines) == text


def test_render_every_process_to_png() -> None:
    _font_or_skip()
    for p in ManualIndex.load().processes:
        png = render_flowchart(p)
        img = Image.open(io.BytesIO(png))
        assert img.format == "PNG" and img.width == 900 and img.height > 500
        assert len(png) < 1_000_000
