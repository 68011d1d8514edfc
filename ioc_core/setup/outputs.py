"""Which monitor shows which screens of the wall (Qt-free planning; the runtime makes the windows).

Four cases, as found in IOC rooms: one monitor per screen; one big desktop covering the wall (a hardware image
controller or a GPU mosaic); several outputs each covering a block of screens; or none of these, when the machine
has fewer monitors than the wall has screens: then the whole wall is shown scaled in one window (virtual wall).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ioc_core.problems import Problem, Severity
from ioc_core.setup.geometry import Rect, WallGeometry
from ioc_core.setup.wall_config import OutputSpec, WallConfig


@dataclass(frozen=True)
class Monitor:
    name: str
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Output:
    monitor: Monitor
    row: int
    col: int
    rows: int
    cols: int
    virtual: bool = False

    @property
    def screens(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.row, self.row + self.rows) for c in range(self.col, self.col + self.cols)]

    def tiles(self, geo: WallGeometry) -> dict[tuple[int, int], Rect]:
        """Where each of this output's screens is drawn, in the monitor's own coordinates."""
        m = self.monitor
        if self.virtual:
            block = geo.block_rect(self.row, self.col, self.rows, self.cols)
            scale = min(m.w / block.w, m.h / block.h)
            ox, oy = (m.w - block.w * scale) / 2, (m.h - block.h * scale) / 2
            out = {}
            for r, c in self.screens:
                s = geo.screen_rect(r, c)
                x0, y0 = round(ox + (s.x - block.x) * scale), round(oy + (s.y - block.y) * scale)
                x1, y1 = round(ox + (s.right - block.x) * scale), round(oy + (s.bottom - block.y) * scale)
                out[(r, c)] = Rect(x0, y0, x1 - x0, y1 - y0)
            return out
        xs = [round(i * m.w / self.cols) for i in range(self.cols + 1)]
        ys = [round(i * m.h / self.rows) for i in range(self.rows + 1)]
        return {(r, c): Rect(xs[c - self.col], ys[r - self.row], xs[c - self.col + 1] - xs[c - self.col],
                             ys[r - self.row + 1] - ys[r - self.row])
                for r, c in self.screens}


@dataclass
class OutputPlan:
    mode: str  # "screens", "desktop", "blocks", "virtual"
    outputs: list[Output]
    problems: list[Problem] = field(default_factory=list)

    def shown_screens(self) -> set[tuple[int, int]]:
        return {s for o in self.outputs for s in o.screens}


def plan_outputs(config: WallConfig, monitors: list[Monitor]) -> OutputPlan:
    if not monitors:
        return OutputPlan("virtual", [], [Problem(config.source, "$.outputs", "no monitor is connected")])
    if isinstance(config.outputs, tuple):
        return _explicit(config, monitors)
    if config.outputs == "auto":
        return _auto(config, monitors)
    return _virtual(config, monitors)


def _virtual(config: WallConfig, monitors: list[Monitor], problems=None) -> OutputPlan:
    out = Output(monitors[0], 0, 0, config.rows, config.cols, virtual=True)
    return OutputPlan("virtual", [out], problems or [])


def _auto(config: WallConfig, monitors: list[Monitor]) -> OutputPlan:
    """Screen-sized monitors go to the wall position their place on the desktop gives them.

    Matching by position (not by count) means a monitor that drops out leaves a hole, not a reshuffled wall.
    """
    size = (config.width_px, config.height_px)
    sized = [m for m in monitors if (m.w, m.h) == size]
    if sized:
        ox, oy = min(m.x for m in sized), min(m.y for m in sized)
        placed: dict[tuple[int, int], Monitor] = {}
        for m in sorted(sized, key=lambda m: (m.y, m.x, m.name)):
            (r, dy), (c, dx) = divmod(m.y - oy, config.height_px), divmod(m.x - ox, config.width_px)
            if not dx and not dy and r < config.rows and c < config.cols:
                placed.setdefault((r, c), m)
        if len(placed) * 2 > config.rows * config.cols:
            outs = [Output(m, r, c, 1, 1) for (r, c), m in sorted(placed.items())]
            missing = [s for s in _all(config) if s not in placed]
            problems = [Problem(config.source, "$.outputs", f"no monitor shows screen [{r}, {c}]", Severity.WARNING)
                        for r, c in missing]
            return OutputPlan("screens", outs, problems)
    wall_w, wall_h = config.cols * config.width_px, config.rows * config.height_px
    big = [m for m in monitors if m.w >= wall_w and m.h >= wall_h]
    if big:
        return OutputPlan("desktop", [Output(big[0], 0, 0, config.rows, config.cols)])
    return _virtual(config, sorted(monitors, key=lambda m: (m.y, m.x, m.name)))


def _all(config: WallConfig) -> list[tuple[int, int]]:
    return [(r, c) for r in range(config.rows) for c in range(config.cols)]


def _explicit(config: WallConfig, monitors: list[Monitor]) -> OutputPlan:
    by_name = {m.name: m for m in monitors}
    outs, problems = [], []
    specs: tuple[OutputSpec, ...] = config.outputs  # type: ignore[assignment]
    for i, spec in enumerate(specs):
        monitor = by_name.get(spec.monitor)
        if monitor is None:
            present = ", ".join(sorted(by_name)) or "none"
            problems.append(Problem(
                config.source, f"$.outputs[{i}].monitor",
                f"monitor '{spec.monitor}' is not connected (connected: {present}); "
                f"screen [{spec.row}, {spec.col}] is not shown", Severity.ERROR))
            continue
        outs.append(Output(monitor, spec.row, spec.col, spec.rows, spec.cols))
    if not outs:
        problems.append(Problem(config.source, "$.outputs",
                                "none of the configured monitors is connected: showing the whole wall scaled "
                                f"on '{monitors[0].name}'", Severity.WARNING))
        return _virtual(config, monitors, problems)
    if len(outs) == 1 and outs[0].rows == config.rows and outs[0].cols == config.cols:
        mode = "desktop"
    elif all(o.rows == 1 and o.cols == 1 for o in outs):
        mode = "screens"
    else:
        mode = "blocks"
    return OutputPlan(mode, outs, problems)
