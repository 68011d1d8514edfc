"""The English words of the problems a console words again in its own language, by code.

The wall speaks English in its logs, in ``ioc-wall --check`` and in the API's ``message``; a problem made with
``problems.coded`` also carries its code and the words it names (``args``), and the console has the Vietnamese for
each code (operator_console/problem_text.py). A test holds the two tables to the same codes and placeholders, and
scripts/translations_en.py takes the console's English from here, so the English is written once.
Codes starting ``schema.`` are JSON Schema errors: their message stays jsonschema's own; the template here is the
console's English.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # any file checked by a JSON Schema
    "schema.required": "'{field}' is missing",
    "schema.unknown_field": "field not allowed here: {fields}",
    "schema.type": "{value} is not of type {type}",
    "schema.minimum": "{value} is less than the minimum of {limit}",
    "schema.maximum": "{value} is more than the maximum of {limit}",
    "schema.exclusiveMinimum": "{value} must be more than {limit}",
    "schema.exclusiveMaximum": "{value} must be less than {limit}",
    "schema.minLength": "'{value}' is too short (at least {limit} characters)",
    "schema.maxLength": "'{value}' is too long (at most {limit} characters)",
    "schema.minItems": "at least {limit} items needed",
    "schema.maxItems": "at most {limit} items allowed",
    "schema.enum": "'{value}' is not one of: {allowed}",
    "schema.pattern": "'{value}' is not a valid value here",
    # an entry a technician adds to a catalogue (ioc_core/catalogue/editkinds.py)
    "entry.required": "required",
    "entry.not_a_field": "not a field of this entry",
    "entry.taken": "already in the catalogue ({name})",
    "entry.in_view": "already in the view of sector '{sector}'",
    "entry.added_not_in_use": "already added",
    "entry.group_in_use": "the group still has cameras ({cameras}): remove them first",
    "entry.panel_full": "the view's panel is full ({most} indicators at most)",
    # what a technician's save or removal leaves to look at (ioc_core/api/port.py)
    "edit.busy": "saved; the wall is busy and takes it as soon as it can",
    "camera.shown_meanwhile": "camera '{camera}' was put on the wall while it was being removed (region {regions})",
    "camera.in_preset": "preset '{preset}' still shows camera '{camera}' (region {regions})",
    "camera.in_layout": "layout '{layout}' still shows camera '{camera}' (region {regions})",
    "layout.not_applied": "saved, but not applied: {reason}",
    "layout.still_old": "the wall still shows the version before this save until the layout is applied again",
    "layout.meeting_gap": "the loaded meeting '{meeting}' shows region '{region}' at agenda item {items}, which this "
                          "layout no longer has",
    # a layout save the wall did not take (ioc_core/layouts/saved_layouts.py)
    "save.exists": "layout '{layout}' already exists on the wall; open it, or save under another id",
    "save.changed": "layout '{layout}' was changed on the wall since you opened it (your revision {yours}, the "
                    "wall's {theirs}); nothing was saved",
    "save.gone": "layout '{layout}' is no longer on the wall (deleted since you opened it); save again to create it "
                 "anew",
    "save.not_written": "layout '{layout}' not saved: {why} ({folder}); the wall's files are unchanged",
    # web addresses (ioc_core/setup/webpolicy.py)
    "web.bad_characters": "'{url}' contains a backslash, a space or a control character (a browser would read it "
                          "differently): percent-encode it",
    "web.not_an_address": "'{url}' is not a valid address ({why})",
    "web.scheme": "'{url}': only http and https pages are shown (not '{scheme}')",
    "web.no_host": "'{url}' names no host",
    "web.idn_deviation": "'{url}' names a host with ß or ς: browsers and this check would read it as different hosts "
                         "(write it in its xn-- form)",
    "web.bad_domain": "'{url}' names a host that is not a valid domain name",
    "web.bad_ipv6": "'{url}' names a host that is not an IPv6 address",
    "web.bad_host": "'{url}' names a host that is not a host name ('{host}')",
    "web.credentials": "'{url}' carries a user name or password before its host '{host}': the wall shows no such "
                       "address (a browser goes to the host after the '@', and a password would be in the state)",
    "web.not_allowed": "host '{host}' is not in the wall's web allowlist (allowed: {allowed})",
    "web.nothing_allowed": "host '{host}' is not in the wall's web allowlist (allowed: none: the wall configuration "
                           "lists no web hosts)",
    # ids that become file names (ioc_core/names.py)
    "name.reserved_device": "'{value}' cannot be used: {device} is a device name Windows reserves, so no file may "
                            "be called so (with any extension); choose another id",
    "name.trailing_dot": "'{value}' cannot be used: Windows drops a dot or space at the end of a file name",
    # layouts (ioc_core/layouts/validate.py)
    "layout.not_object": "a layout must be a JSON object, not {type}",
    "layout.bad_name": "{value!r} is not a valid value here (lower-case letters, digits, '-' and '_', or http(s) URL)",
    "layout.duplicate_region": "duplicate region id '{region}' (already used by regions[{index}])",
    "layout.unknown_view_kind": "unknown view kind '{kind}' (known: {known})",
    "layout.leaves_grid": "region '{region}' leaves the grid: it covers rows {row0}..{row1} and columns "
                          "{col0}..{col1}, but the grid has rows 0..{last_row} and columns 0..{last_col}",
    "layout.overlap": "region '{region}' overlaps region '{other}' at cell [{row}, {col}]",
    "layout.black_cells": "{empty} of {cells} grid cells belong to no region and stay black",
    "layout.bezel_cut": "region '{region}' shows {kind} (text and figures) across {screens} screens: numbers cut by "
                        "a bezel are unreadable",
    "layout.unknown_ref": "region '{region}' shows unknown {what} '{value}' (known: {known})",
    "layout.room_too_small": "region '{region}' is too small for {kind} read from {distance} m: it needs at least "
                             "{width} x {height} px",
    "layout.room_no_tiles": "region '{region}' is too small to show any of its {total} sector tiles read from "
                            "{distance} m: give it more screens",
}


def word(code: str, **args) -> str:
    """The English of a coded problem: its template with the words it names."""
    return MESSAGES[code].format(**args)
