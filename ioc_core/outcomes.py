"""What a technician's request came to, in the core's own words (Qt-free, HTTP-free).

The saves and edits of the core (layouts, catalogue additions, the state folder's catalogue files, the screen
mapping) answer or refuse with one of these kinds; only the API layer (``ioc_core/api/routes.py``'s
``OUTCOME_STATUS``) turns a kind into an HTTP status. A command's answer has its own kinds (``ioc_core/api/desk.py``'s
``Reply``), as consoles in the field expect.
"""

from __future__ import annotations

from dataclasses import dataclass

DONE = "done"  # done (a removal, a save, a read)
CREATED = "created"  # a catalogue entry added
INVALID = "invalid"  # malformed, or a field not valid: the problems name where
LACKING = "lacking"  # well formed, but it names what the wall does not have (a camera, a sector, ...)
NOT_FOUND = "not_found"  # no such layout, entry or sector; or this wall keeps none
CONFLICT = "conflict"  # changed since it was read, exists already, in use, or its file cannot be used as it is
DISK_FULL = "disk_full"  # not written: the disk, a quota or the file size limit refused it; nothing changed
NOT_WRITTEN = "not_written"  # not written for another reason (read-only, permissions); nothing changed

KINDS = frozenset({DONE, CREATED, INVALID, LACKING, NOT_FOUND, CONFLICT, DISK_FULL, NOT_WRITTEN})


def checked(kind: str) -> str:
    """``kind`` if it is one of ``KINDS``; a typo fails where it is made, not as an unknown status later."""
    if kind not in KINDS:
        raise ValueError(f"unknown outcome kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    return kind


@dataclass(frozen=True)
class Answer:
    """A request's answer from the port (``ioc_core/api/port.py``): its kind and the JSON body to send."""

    kind: str
    body: dict

    def __post_init__(self):
        checked(self.kind)

    @property
    def ok(self) -> bool:
        return self.kind in (DONE, CREATED)
