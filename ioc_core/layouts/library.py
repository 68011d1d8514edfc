"""Loading every layout in a folder: a bad file is reported and skipped, never stops the others."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ioc_core.jsonfile import read_json
from ioc_core.layouts.model import Layout
from ioc_core.layouts.validate import parse_layout
from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger(__name__)


@dataclass
class LayoutLibrary:
    layouts: dict[str, Layout] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    replaced: dict[str, Layout] = field(default_factory=dict)  # given layouts a saved one stands in for, by id

    @classmethod
    def load_dir(cls, folder: Path, saved: Path | None = None) -> LayoutLibrary:
        """The layouts of ``folder``, then those technicians saved from the console (``saved``, the wall's own
        folder, ioc_core/layouts/saved_layouts.py): a saved layout replaces the one of its id from ``folder``."""
        lib = cls()
        folder = Path(folder)
        if not folder.is_dir():
            lib.problems.append(Problem(str(folder), "", "layouts folder not found"))
        else:
            for path in sorted(folder.glob("*.json")):
                lib.add_file(path)
        if saved is not None and Path(saved).is_dir():
            shipped = dict(lib.layouts)
            for path in sorted(Path(saved).glob("*.json")):
                if (layout := lib.add_file(path, replaces=shipped)) is not None and layout.id in shipped:
                    lib.replaced[layout.id] = shipped[layout.id]
                    log.info("layout '%s' from %s (saved from the console) replaces %s", layout.id, path,
                             shipped[layout.id].source)
        return lib

    def add_file(self, path: Path, replaces: dict[str, Layout] | None = None) -> Layout | None:
        """Load one file; a layout whose id is already loaded is refused, unless it is one of ``replaces``."""
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
        if layout.id in self.layouts and self.layouts[layout.id] is not (replaces or {}).get(layout.id):
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
