"""Frames: code each paragraph with the codebook's cue patterns, keeping the evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Frame:
    frame_id: str
    label: str
    description: str
    patterns: tuple[re.Pattern[str], ...]  # one per cue, to check a piece of evidence
    combined: re.Pattern[str]  # all cues in one alternation, to code a paragraph in one pass


def compile_codebook(codebook: dict[str, Any]) -> list[Frame]:
    frames = []
    for entry in codebook.get("frames") or []:
        patterns = tuple(re.compile(rf"(?<!\w)(?:{cue})(?!\w)", re.IGNORECASE) for cue in entry["cues"])
        # Word boundaries outside the alternation: the engine rejects a mid-word position once,
        # not once per cue (about four times faster than repeating them per alternative).
        combined = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{cue})" for cue in entry["cues"]) + r")(?!\w)", re.IGNORECASE)
        frames.append(Frame(entry["frame_id"], entry["label"], " ".join(entry["description"].split()), patterns, combined))
    return frames


def code_paragraph(text: str, frames: list[Frame]) -> list[tuple[str, int, int, int]]:
    """(frame_id, start, end, cue_count) for each frame whose cues match; offsets into text.

    The evidence is the leftmost match; cue_count counts non-overlapping matches.
    """
    coded = []
    for frame in frames:
        matches = [m.span() for m in frame.combined.finditer(text)]
        if matches:
            start, end = matches[0]
            coded.append((frame.frame_id, start, end, len(matches)))
    return coded
