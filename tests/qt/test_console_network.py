"""The console and the wall lose the network between them and get it back: the console says the link is down,
the wall keeps its picture, and once the link is back the console catches up with what changed meanwhile and its
commands reach the wall again. The network is a real TCP relay on 127.0.0.1 that the test cuts and restores."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading

import pytest
import requests

from operator_console.window import ConsoleWindow

from ..common import SHIPPED_LAYOUTS
from ..wallproc import READY, WallApi, WallProcess


class Relay:
    """Forwards connections to ``target``; ``cut()`` drops every open connection and resets new ones (a switch
    restarting, a cable pulled and the far side's answer lost), ``restore()`` forwards again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.up = True
        self._pairs: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listen = socket.create_server(("127.0.0.1", 0))
        self.port = self._listen.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listen.accept()
            except OSError:
                return
            if not self.up:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # reset, not FIN
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)  # quiet connections (the event stream between keep-alives) stay open
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for s in pairs:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        with contextlib.suppress(OSError):  # wakes the accept() (closing alone does not, on Linux)
            self._listen.shutdown(socket.SHUT_RDWR)
        self._listen.close()
        self._thread.join(5)


@pytest.fixture
def wall(tmp_path):
    state_dir = tmp_path / "state"
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    try:
        proc.wait_for(READY)
        api = WallApi(proc, state_dir)
        yield api.url, api.tokens
    finally:
        proc.stop(signal.SIGKILL)


def test_the_console_loses_the_wall_and_catches_up_when_the_network_is_back(qtbot, wall):
    url, tokens = wall
    port = int(url.split(":")[2].split("/")[0])
    relay = Relay(("127.0.0.1", port))
    direct = {"Authorization": f"Bearer {tokens['operator']}"}
    window = ConsoleWindow("bàn điều khiển thử")
    qtbot.addWidget(window)
    try:
        window.show()
        window.add_wall("Tường thử", f"http://127.0.0.1:{relay.port}/api/v1", tokens["operator"])
        qtbot.waitUntil(lambda: window.preview.state is not None and window.current.status == "online",
                        timeout=30000)
        assert window.current.state["layout"] == "tong-quan"

        relay.cut()
        qtbot.waitUntil(lambda: window.current.status == "offline", timeout=15000)
        assert not window.preview.reachable
        assert "không kết nối được" in window.wall_list.item(0).text()
        # meanwhile a colleague at another console (straight to the wall) changes the picture
        r = requests.post(url + "/commands", json={"command": "apply_layout", "layout": "khan-cap"}, headers=direct,
                          timeout=10)
        assert r.status_code == 200

        relay.restore()
        qtbot.waitUntil(lambda: window.current.status == "online", timeout=30000)
        qtbot.waitUntil(lambda: window.current.state["layout"] == "khan-cap", timeout=15000)  # caught up
        assert window.preview.reachable
        assert "đã kết nối" in window.wall_list.item(0).text()
        # and the console's own commands reach the wall again (the layout list is fetched again on reconnecting)
        qtbot.waitUntil(lambda: window.layout_combo.findData("camera") >= 0, timeout=15000)
        window.layout_combo.setCurrentIndex(window.layout_combo.findData("camera"))
        assert window.layout_combo.currentData() == "camera"
        window._apply_layout()  # the "Áp dụng" button's action
        qtbot.waitUntil(lambda: requests.get(url + "/state", headers=direct, timeout=10).json()["layout"]
                        == "camera", timeout=15000)
    finally:
        window.close()
        relay.close()
