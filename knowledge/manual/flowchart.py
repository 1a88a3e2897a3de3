"""Render a process's flowchart (a small mermaid subset) to PNG with correctly shaped Thai text.

Pillow with libraqm does the Thai shaping (stacked vowels and tone marks); matplotlib does not.
The font is taken from KHETBOT_FONT_PATH, else the first Thai font found (fonts-thai-tlwg,
fonts-noto-core), else fontconfig's answer for `:lang=th`.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.manual.model import Process
from knowledge.manual.textproc import words as split_words

if TYPE_CHECKING:  # Pillow is imported when a chart is drawn, not when the server starts
    from PIL import ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Loma.ttf",
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThaiLooped-Regular.ttf",
    "/usr/share/fonts/opentype/tlwg/Loma.otf",
)
WIDTH, BOX_W, PAD, GAP, FONT_SIZE, TITLE_SIZE = 900, 620, 18, 46, 24, 28
_NODE = re.compile(r"([A-Za-z0-9_]+)\s*(\(\[(.+?)\]\)|\[(.+?)\]|\{(.+?)\})")
_EDGE = re.compile(r"([A-Za-z0-9_]+)(?:\s*(?:\(\[.+?\]\)|\[.+?\]|\{.+?\}))?\s*-->\s*([A-Za-z0-9_]+)")


class FontNotFound(RuntimeError):
    """No Thai font is installed (install fonts-thai-tlwg or set KHETBOT_FONT_PATH)."""


@dataclass(frozen=True)
class Node:
    """A flowchart node: id, label and shape (start/end stadium, process box, decision)."""

    id: str
    label: str
    shape: str  # stadium | box | decision


def parse_mermaid(text: str) -> tuple[list[Node], list[tuple[str, str]]]:
    """Nodes in first-seen order and edges of a `graph TD` mermaid text."""
    nodes: dict[str, Node] = {}
    for m in _NODE.finditer(text):
        nid, stadium, box, decision = m.group(1), m.group(3), m.group(4), m.group(5)
        if nid in nodes:
            continue
        shape = "stadium" if stadium else "decision" if decision else "box"
        nodes[nid] = Node(nid, (stadium or box or decision or "").strip(), shape)
    edges = [(a, b) for a, b in _EDGE.findall(text)]
    for a, b in edges:
        for nid in (a, b):
            nodes.setdefault(nid, Node(nid, nid, "box"))
    return list(nodes.values()), edges


def find_font(preferred: str | Path | None = None) -> str:
    """Path of a font with Thai glyphs (the configured one first)."""
    if preferred and Path(preferred).is_file():
        return str(preferred)
    for cand in FONT_CANDIDATES:
        if Path(cand).is_file():
            return cand
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}", ":lang=th"],
                             capture_output=True, text=True, check=False)
        if out.returncode == 0 and out.stdout and Path(out.stdout).is_file() and "DejaVu" not in out.stdout:
            return out.stdout
    raise FontNotFound("no Thai font: apt-get install fonts-thai-tlwg or set KHETBOT_FONT_PATH")


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont, features

    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line fill by word (Thai words from the tokeniser), measured in pixels."""
    lines, line = [], ""
    for word in split_words(text):
        candidate = line + word if word != " " else line + " "
        if draw.textlength(candidate.strip(), font=font) <= width or not line.strip():
            line = candidate
        else:
            lines.append(line.strip())
            line = word if word != " " else ""
    if line.strip():
        lines.append(line.strip())
    return lines


def _shape(draw: ImageDraw.ImageDraw, node: Node, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    if node.shape == "stadium":
        draw.rounded_rectangle(box, radius=(y1 - y0) // 2, fill="#E3F2FD", outline="#1565C0", width=3)
    elif node.shape == "decision":
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        draw.polygon([(cx, y0 - 14), (x1 + 30, cy), (cx, y1 + 14), (x0 - 30, cy)],
                     fill="#FFF8E1", outline="#EF6C00", width=3)
    else:
        draw.rectangle(box, fill="#FFFFFF", outline="#37474F", width=3)


def render_mermaid(title: str, mermaid: str, font_path: str | None = None) -> bytes:
    """Draw the chart top-down in node order, arrows for edges, Thai text shaped by raqm."""
    from PIL import Image, ImageDraw

    path = find_font(font_path)
    font, title_font = _font(path, FONT_SIZE), _font(path, TITLE_SIZE)
    nodes, edges = parse_mermaid(mermaid)
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    title_lines = _wrap(scratch, title, title_font, WIDTH - 2 * PAD)
    line_h, title_h = int(FONT_SIZE * 1.6), int(TITLE_SIZE * 1.6)
    laid: list[tuple[Node, list[str], int]] = []
    for node in nodes:
        inner = BOX_W - (140 if node.shape == "decision" else 60)
        lines = _wrap(scratch, node.label, font, inner)
        laid.append((node, lines, max(len(lines) * line_h + 2 * PAD, 70)))
    top = PAD * 2 + len(title_lines) * title_h + 10
    height = top + sum(h for _, _, h in laid) + GAP * len(laid) + PAD
    img = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(title_lines):
        draw.text((WIDTH // 2, PAD + i * title_h + title_h // 2), line, font=title_font,
                  fill="#0D47A1", anchor="mm")
    boxes: dict[str, tuple[int, int, int, int]] = {}
    y = top
    x0 = (WIDTH - BOX_W) // 2
    for node, lines, h in laid:
        boxes[node.id] = (x0, y, x0 + BOX_W, y + h)
        _shape(draw, node, boxes[node.id])
        for j, line in enumerate(lines):
            cy = y + PAD + j * line_h + line_h // 2
            draw.text((WIDTH // 2, cy), line, font=font, fill="#212121", anchor="mm")
        y += h + GAP
    for a, b in edges:
        if a in boxes and b in boxes:
            ax, ay = WIDTH // 2, boxes[a][3] + (14 if _is_decision(nodes, a) else 0)
            by = boxes[b][1] - (14 if _is_decision(nodes, b) else 0)
            draw.line([(ax, ay), (ax, by - 2)], fill="#37474F", width=3)
            draw.polygon([(ax, by), (ax - 9, by - 14), (ax + 9, by - 14)], fill="#37474F")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _is_decision(nodes: list[Node], nid: str) -> bool:
    return any(n.id == nid and n.shape == "decision" for n in nodes)


@lru_cache(maxsize=32)
def render_flowchart(process: Process, font_path: str | None = None) -> bytes:
    """PNG bytes of the process's flowchart (the manual's mermaid, or its step chain)."""
    return render_mermaid(process.name, process.mermaid(), font_path)
