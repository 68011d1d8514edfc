"""Names that cannot be file names on Windows (Qt-free), checked wherever an id given by a technician may become
one: a layout saved from a console is ``<id>.json`` in the wall's folder, and a wall PC or a copy of its state
folder may be on Windows, where ``con.json`` opens the console device instead of a file.

Windows reserves the device names CON, PRN, AUX, NUL, COM1-COM9 and LPT1-LPT9 in any case and with any extension
(``nul.txt``, ``Com1.json``; also COM¹-COM³ and LPT¹-LPT³), and drops a trailing dot or space from a name (``a.`` is
``a``). Ids are slugs (lower-case letters, digits, '-' and '_'), so of these only the device names can reach here;
the check takes any text all the same.
"""

from __future__ import annotations

DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt")
                                                     for n in (*"123456789", "¹", "²", "³"))})


def reserved_file_name(name: str) -> str | None:
    """Why ``name`` cannot be a file name on Windows, or None when it can."""
    if name.endswith((".", " ")):
        return "ends in a dot or a space, which Windows drops from a file name"
    device = name.split(".", 1)[0].rstrip(" ").lower()
    if device in DEVICES:
        return f"'{device.upper()}' is a device name Windows reserves: no file may be called so, with any extension"
    return None


def reserved_problem(file: str, path: str, name: str):
    """A problem (ioc_core/problems.py) at ``path`` of ``file`` when ``name`` is reserved on Windows, else None."""
    from ioc_core.problems import coded

    if reserved_file_name(name) is None:
        return None
    if name.endswith((".", " ")):
        return coded(file, path, "name.trailing_dot", value=name)
    return coded(file, path, "name.reserved_device", value=name, device=name.split(".", 1)[0].rstrip(" ").upper())
