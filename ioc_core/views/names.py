"""Place names as a wall shows them where space is short (Qt-free): the unit's kind abbreviated by rule, the
name itself never cut ("Phường Trường Vinh" -> "P. Trường Vinh", "Xã Hưng Nguyên Nam" -> "X. Hưng Nguyên Nam").

The abbreviations are the ones Vietnamese administrative writing uses; the full name stays in the models (and the
console's preview), only what a crowded panel draws is shortened.
"""

from __future__ import annotations

# the unit's kind at the start of its name -> its abbreviation (longest first: "Thị trấn" before "Thị xã")
ABBREVIATIONS = (
    ("Thành phố ", "TP. "),
    ("Thị trấn ", "TT. "),
    ("Thị xã ", "TX. "),
    ("Phường ", "P. "),
    ("Xã ", "X. "),
)


def short_region_name(name: str) -> str:
    """``name`` with its unit's kind abbreviated ("Phường Thành Vinh" -> "P. Thành Vinh"); a name without a
    known kind, or with nothing after it, is returned as it is."""
    for long, short in ABBREVIATIONS:
        if name.startswith(long) and name[len(long):].strip():
            return short + name[len(long):].strip()
    return name
