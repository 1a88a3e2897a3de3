"""Step durations as numbers: parse "10 วัน" / "3-6 เดือน" and add up a process's steps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.manual.model import Process

UNITS = ("ปี", "เดือน", "สัปดาห์", "วัน")  # shown largest first
_DURATION = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*(ปี|เดือน|สัปดาห์|อาทิตย์|วัน)\s*$")


@dataclass(frozen=True)
class Total:
    """The sum of the steps whose durations are amounts, and the steps that are not."""

    low: dict[str, int]  # unit -> least total
    high: dict[str, int]  # unit -> greatest total (ranges like 3-6 เดือน)
    counted: tuple[int, ...]  # step numbers added up
    other: tuple[tuple[int, str], ...]  # (step number, duration text) not an amount


def parse_duration(text: str) -> tuple[int, int, str] | None:
    """(least, greatest, unit) of "10 วัน" / "3-6 เดือน"; None for "ตลอดปีงบประมาณ" and the like."""
    m = _DURATION.match(text or "")
    if m is None:
        return None
    low = int(m.group(1))
    high = int(m.group(2)) if m.group(2) else low
    unit = "สัปดาห์" if m.group(3) == "อาทิตย์" else m.group(3)
    return min(low, high), max(low, high), unit


def total_duration(p: Process) -> Total:
    """Add up the steps' durations unit by unit (months and days are not converted)."""
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    counted: list[int] = []
    other: list[tuple[int, str]] = []
    for s in p.steps:
        parsed = parse_duration(s.duration)
        if parsed is None:
            other.append((s.no, s.duration))
            continue
        lo, hi, unit = parsed
        low[unit] = low.get(unit, 0) + lo
        high[unit] = high.get(unit, 0) + hi
        counted.append(s.no)
    return Total(low, high, tuple(counted), tuple(other))


def format_amount(total: Total) -> str:
    """ "5 เดือน 10 วัน", "5-8 เดือน" (empty when nothing was counted)."""
    parts = []
    for unit in UNITS:
        if unit in total.low:
            lo, hi = total.low[unit], total.high[unit]
            parts.append(f"{lo} {unit}" if lo == hi else f"{lo}-{hi} {unit}")
    return " ".join(parts)


def format_steps(numbers: tuple[int, ...]) -> str:
    """Step numbers as "1-3" when consecutive, else "1, 3"."""
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


_DAYS = {"ปี": 365, "เดือน": 30, "สัปดาห์": 7, "วัน": 1}


def extreme_steps(p: Process, *, longest: bool = True) -> tuple[tuple[int, ...], tuple[tuple[int, str], ...]]:
    """The numbers of the steps that take longest (or shortest) of those whose durations are amounts
    (a range counts by its upper end for the longest, its lower end for the shortest), and the steps
    whose durations are no amount ("ตลอดปีงบประมาณ"), which cannot be compared."""
    amounts: list[tuple[int, int]] = []
    other: list[tuple[int, str]] = []
    for s in p.steps:
        parsed = parse_duration(s.duration)
        if parsed is None:
            if s.duration:
                other.append((s.no, s.duration))
            continue
        lo, hi, unit = parsed
        amounts.append((s.no, (hi if longest else lo) * _DAYS[unit]))
    if not amounts:
        return (), tuple(other)
    best = max(d for _, d in amounts) if longest else min(d for _, d in amounts)
    return tuple(no for no, d in amounts if d == best), tuple(other)


def extreme_overall(processes: tuple[Process, ...], *,
                    longest: bool = True) -> tuple[tuple[Process, int], ...]:
    """The (process, step number) pairs that take longest (or shortest) in the whole manual, by the
    same measure as `extreme_steps`; steps whose durations are no amount are left out."""
    amounts: list[tuple[Process, int, int]] = []
    for p in processes:
        for s in p.steps:
            parsed = parse_duration(s.duration)
            if parsed is not None:
                lo, hi, unit = parsed
                amounts.append((p, s.no, (hi if longest else lo) * _DAYS[unit]))
    if not amounts:
        return ()
    best = max(d for *_, d in amounts) if longest else min(d for *_, d in amounts)
    return tuple((p, no) for p, no, d in amounts if d == best)
