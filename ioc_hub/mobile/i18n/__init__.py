"""The mobile page's English, through the project's translation mechanism (Qt Linguist .ts files filled by
``scripts/translations_en.py``), served to the page as ``/m/en.json``.

The page's script keeps every text a person reads as ``t("Vietnamese text")`` (or ``N("...")`` where it is declared
and translated later, as QT_TRANSLATE_NOOP; ``S("...")`` for the wall's status words, context "Status", whose English
is taken from the wall's own .ts so both say the same). ``en.json`` maps a text to its English, and
"Status|text" for the status words. After changing them:

    .venv/bin/python -m ioc_hub.mobile.i18n          # app.js -> ioc_mobile_en.ts (kept translations stay)
    .venv/bin/python scripts/translations_en.py      # fills the English (add new texts to its EN dict first)
    .venv/bin/python -m ioc_hub.mobile.i18n          # ioc_mobile_en.ts -> static/en.json
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parent / "static" / "app.js"
TS = HERE / "ioc_mobile_en.ts"
JSON = HERE.parent / "static" / "en.json"
CONTEXT, STATUS = "Mobile", "Status"
WALL_TS = HERE.parents[2] / "wall" / "i18n" / "ioc_wall_en.ts"
_CALL = re.compile(r'\b([tNS])\("((?:[^"\\]|\\.)*)"')


def texts(script: Path = SCRIPT) -> list[tuple[str, str, int]]:
    """(context, text, line) of every ``t("...")``, ``N("...")`` and ``S("...")`` in the script, once each."""
    seen: dict[tuple[str, str], int] = {}
    for n, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
        for m in _CALL.finditer(line):
            seen.setdefault((STATUS if m.group(1) == "S" else CONTEXT, json.loads(f'"{m.group(2)}"')), n)
    return [(ctx, text, n) for (ctx, text), n in seen.items()]


def translations(ts: Path = TS) -> dict[tuple[str, str], str]:
    """The finished translations in a .ts file: (context, Vietnamese) -> English."""
    if not ts.exists():
        return {}
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is not None and tr.text and tr.get("type") not in ("unfinished", "obsolete", "vanished"):
                out[(name, m.findtext("source"))] = tr.text
    return out


def write_ts(found, known: dict, ts: Path = TS) -> None:
    root = ET.Element("TS", version="2.1", language="en_GB", sourcelanguage="vi_VN")
    for context in (CONTEXT, STATUS):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for c, text, line in found:
            if c != context:
                continue
            m = ET.SubElement(ctx, "message")
            ET.SubElement(m, "location", filename="../static/app.js", line=str(line))
            ET.SubElement(m, "source").text = text
            tr = ET.SubElement(m, "translation")
            if (c, text) in known:
                tr.text = known[(c, text)]
            else:
                tr.set("type", "unfinished")
    ET.indent(root, "    ")
    ET.ElementTree(root).write(ts, encoding="utf-8", xml_declaration=True)


def write_json(found, known: dict, out: Path = JSON) -> dict[str, str]:
    doc = {(text if c == CONTEXT else f"{c}|{text}"): known[(c, text)] for c, text, _ in found if (c, text) in known}
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    return doc


def main() -> int:
    found = texts()
    wall = {k: v for k, v in translations(WALL_TS).items() if k[0] == STATUS}  # the wall's own status words
    known = {**wall, **translations()}
    write_ts(found, known)
    write_json(found, known)
    missing = [f"{c}: {text}" for c, text, _ in found if (c, text) not in known]
    for line in missing:
        print("no English yet for", line)
    print(f"{len(found)} texts, {len(found) - len(missing)} in English -> {JSON.name}")
    return 0
