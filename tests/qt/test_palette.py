"""The status palette read by colour-blind viewers: simulated protanopia, deuteranopia and tritanopia (Machado,
Oliveira and Fernandes 2009, severity 1.0) keep normal, warning and critical apart, and every state also has its
own shape and word, so nobody depends on colour alone."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from wall.widgets import style

SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
MIN_DELTA_E = 35.0  # CIELAB distance; about 2.3 is "just noticeable", 35 is plainly different at a glance


def _linear(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(
        linear, 0, 1)
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_normal_warning_and_critical_stay_apart_for_colour_blind_viewers(vision):
    seen = {state: _lab(SIMULATIONS[vision] @ _linear(_rgb(style.STATUS_LOOK[state][0])))
            for state in ("normal", "warning", "critical")}
    distances = {(a, b): float(np.linalg.norm(seen[a] - seen[b])) for a, b in itertools.combinations(seen, 2)}
    assert min(distances.values()) >= MIN_DELTA_E, distances


def test_every_state_has_its_own_shape_and_word():
    shapes = [shape for _, shape, _ in style.STATUS_LOOK.values()]
    words = [word for _, _, word in style.STATUS_LOOK.values()]
    assert len(set(shapes)) == len(shapes) and len(set(words)) == len(words)
