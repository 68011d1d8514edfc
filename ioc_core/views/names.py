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


CAMERA_PREFIXES = ("Camera ", "camera ", "Cam ")  # what every camera's name starts with says nothing on a camera


def short_camera_name(name: str) -> str:
    """A camera's name as its own picture's band shows it where space is short: the common prefix "Camera "
    dropped ("Camera nút giao Quang Trung – Lê Lợi" -> "Nút giao Quang Trung – Lê Lợi"), the rest whole."""
    for prefix in CAMERA_PREFIXES:
        rest = name[len(prefix):].strip() if name.startswith(prefix) else ""
        if rest:
            return rest[0].upper() + rest[1:]
    return name
