"""Loading every layout in a folder: a bad file is reported and skipped, never stops the others."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from wall.jsonfile import read_json
from wall.layouts.model import Layout
from wall.layouts.validate import parse_layout
from wall.problems import InvalidFile, Problem

log = logging.getLogger(__name__)


@dataclass
class LayoutLibrary:
    layouts: dict[str, Layout] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load_dir(cls, folder: Path) -> LayoutLibrary:
        lib = cls()
        folder = Path(folder)
        if not folder.is_dir():
            lib.problems.append(Problem(str(folder), "", "layouts folder not found"))
            return lib
        for path in sorted(folder.glob("*.json")):
            lib.add_file(path)
        return lib

    def add_file(self, path: Path) -> Layout | None:
        label = str(path)
        try:
            layout, warnings = parse_layout(read_json(path, label), label)
        except InvalidFile as exc:
            self.problems.extend(exc.problems)
            for p in exc.problems:
                log.error("layout skipped: %s", p)
            return None
        self.problems.extend(warnings)
        for p in warnings:
            log.warning("%s", p)
        if layout.id in self.layouts:
            other = self.layouts[layout.id].source
            p = Problem(label, "$.id", f"duplicate layout id '{layout.id}' (already defined in {other}); skipped")
            self.problems.append(p)
            log.error("layout skipped: %s", p)
            return None
        self.layouts[layout.id] = layout
        return layout

    def get(self, layout_id: str) -> Layout | None:
        return self.layouts.get(layout_id)

    def ids(self) -> list[str]:
        return sorted(self.layouts)
