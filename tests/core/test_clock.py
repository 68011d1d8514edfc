"""The wall's clock of record: the system clock, sped up for soak tests and shifted for clock-jump tests."""

from __future__ import annotations

import json
import subprocess
import sys
import time

PROBE = ("import json, time\nfrom ioc_core import clock, fmt\n"
         "a = (clock.now_s(), time.time())\ntime.sleep(0.5)\nb = (clock.now_s(), time.time())\n"
         "print(json.dumps({'a': a, 'b': b, 'rate': clock.RATE, 'fmt': fmt.now().timestamp()}))\n")


def probe(env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True,
                         text=True, timeout=30, check=True)
    return json.loads(out.stdout)


def test_by_default_it_is_the_system_clock():
    got = probe({})
    assert abs(got["a"][0] - got["a"][1]) < 0.01 and abs(got["fmt"] - time.time()) < 5


def test_a_rate_speeds_it_up_from_the_start():
    got = probe({"IOC_WALL_CLOCK_RATE": "1440"})
    wall_s = got["b"][0] - got["a"][0]
    real_s = got["b"][1] - got["a"][1]
    assert 1400 * real_s < wall_s < 1480 * real_s  # half a real second is twelve simulated minutes
    assert abs(got["a"][0] - got["a"][1]) < 1440 * 2  # it starts from the real time


def test_an_offset_file_makes_it_jump_forward_and_back(tmp_path):
    offset = tmp_path / "offset"
    code = ("import sys, time\nfrom ioc_core import clock\nfrom pathlib import Path\n"
            "f = Path(sys.argv[1])\nout = []\n"
            "for jump in ('', '7200', '-3600', 'garbage'):\n"
            "    if jump: f.write_text(jump)\n"
            "    time.sleep(0.3)\n"
            "    out.append(round(clock.now_s() - time.time()))\n"
            "print(out)\n")
    out = subprocess.run([sys.executable, "-c", code, str(offset)], capture_output=True, text=True, timeout=30,
                         env={"IOC_WALL_CLOCK_OFFSET_FILE": str(offset), "PATH": "/usr/bin:/bin"}, check=True)
    assert out.stdout.strip() == "[0, 7200, -3600, -3600]"  # a file it cannot read keeps the last offset
