"""A Thai TrueType font for the PDF and the charts (settings.font_path, else the system's)."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Loma.ttf",
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    "/usr/share/fonts/truetype/tlwg/Norasi.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/truetype/thai/Garuda.ttf",
)
PATTERNS = ("/usr/share/fonts/**/Loma*.ttf", "/usr/share/fonts/**/Garuda*.ttf", "/usr/share/fonts/**/NotoSansThai*.ttf",
            "/usr/share/fonts/**/*Sarabun*.ttf", "/usr/local/share/fonts/**/*.ttf")


class ThaiFontMissing(RuntimeError):
    """No Thai font: apt-get install fonts-thai-tlwg, or set KHETBOT_FONT_PATH."""


@dataclass(frozen=True)
class ThaiFont:
    """Regular and bold faces (bold falls back to regular)."""

    regular: Path
    bold: Path


def _bold_of(path: Path) -> Path:
    stem = path.stem.removesuffix("-Regular")
    for name in (f"{stem}-Bold{path.suffix}", f"{stem}Bold{path.suffix}"):
        cand = path.with_name(name)
        if cand.is_file():
            return cand
    return path


def find_thai_font(configured: Path | None = None) -> ThaiFont:
    """The configured font if it exists, else the first installed Thai font."""
    paths: list[Path] = []
    if configured is not None:
        paths.append(Path(configured))
    paths += [Path(p) for p in CANDIDATES]
    for pattern in PATTERNS:
        paths += [Path(p) for p in sorted(glob.glob(pattern, recursive=True)) if "Bold" not in p and "Oblique" not in p]
    for p in paths:
        if p.is_file():
            return ThaiFont(p, _bold_of(p))
    raise ThaiFontMissing("no Thai font found: apt-get install fonts-thai-tlwg or set KHETBOT_FONT_PATH")
