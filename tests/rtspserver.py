"""A real RTSP camera for the tests: GStreamer's RTSP server (Debian's gir1.2-gst-rtsp-server-1.0) serving an MP4
file's H.264 without re-encoding. Run with Debian's own /usr/bin/python3 (python3-gi), not the project's venv:

    /usr/bin/python3 tests/rtspserver.py CLIP.mp4 PORT [SUBCLIP.mp4]

Serves CLIP at /cam and, when given, SUBCLIP at /sub (a camera's sub-stream). Prints "ready
rtsp://127.0.0.1:PORT/cam" once it listens; serves until killed. Each client gets the clip from
its start, looping is the client's business (the tests use a clip longer than they need).
"""

import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main() -> None:
    clip, port = sys.argv[1], sys.argv[2]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    for mount, path in (("/cam", clip), ("/sub", sys.argv[3] if len(sys.argv) > 3 else None)):
        if path is None:
            continue
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(f"( filesrc location={path} ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 "
                           "config-interval=-1 )")
        factory.set_shared(False)
        server.get_mount_points().add_factory(mount, factory)
    if server.attach(None) == 0:
        print("cannot listen", flush=True)
        sys.exit(1)
    print(f"ready rtsp://127.0.0.1:{port}/cam", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
