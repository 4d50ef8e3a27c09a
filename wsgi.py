"""Start cafe: `python wsgi.py`. The async server is chosen here and nowhere else.

CAFE_ASYNC_MODE picks eventlet (default), gevent or threading; monkey-patching must come
before every other import, so it happens first.
"""
import os
import warnings

# eventlet warns on import that it is in maintenance mode; we know (see STYLE.md), so keep the log clean.
warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
ASYNC_MODE = os.environ.get("CAFE_ASYNC_MODE", "eventlet")
if ASYNC_MODE == "eventlet":
    import eventlet
    eventlet.monkey_patch()
    import eventlet.tpool  # noqa: E402  (runs CPU work in real threads: see CPU_RUNNER below)
elif ASYNC_MODE == "gevent":
    from gevent import monkey
    monkey.patch_all()

import gc  # noqa: E402
import socket  # noqa: E402

from cafe import create_app  # noqa: E402
from cafe.extensions import socketio  # noqa: E402


def lan_address() -> str:
    """This laptop's address on the local network (a UDP 'connect' sends no packet)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


HOST = os.environ.get("CAFE_HOST", "0.0.0.0")
PORT = int(os.environ.get("CAFE_PORT", "5000"))
LAN_URL = f"http://{lan_address()}:{PORT}"
settings = {"ASYNC_MODE": ASYNC_MODE, "LAN_URL": LAN_URL}
if ASYNC_MODE == "eventlet":
    # Clustering and word clouds run in eventlet's OS-thread pool, so clocks and notes keep flowing.
    settings["CPU_RUNNER"] = eventlet.tpool.execute
app = create_app(settings)
# Everything made at start (modules, catalogues, locale data) lives as long as the process: keep it
# out of the garbage collector's full passes, which otherwise stall the event loop longer the more
# the app loads (a report of 2,000 notes makes enough objects to trigger one).
gc.freeze()


def main() -> None:
    """Print the facilitator link and the phones' address, then serve."""
    token = app.config["FACILITATOR_TOKEN"]
    public = app.config.get("PUBLIC_URL") or LAN_URL
    print("\n  cafe is running.", flush=True)
    print(f"  Facilitator (keep this link private): http://127.0.0.1:{PORT}/facilitator/?token={token}")
    print(f"  Phones on this network join at:       {public}/join\n", flush=True)
    # Everything imported and built so far lives as long as the process. Freezing it keeps the
    # collector from walking it again on every full collection: with 500 phones those walks took
    # 90-190 ms each, every few seconds, and every note in flight waited for them.
    gc.freeze()
    # Werkzeug serves threading mode; it is fine on a laptop's LAN (scale out with eventlet instead).
    socketio.run(app, host=HOST, port=PORT, log_output=False,
                 allow_unsafe_werkzeug=ASYNC_MODE == "threading")


if __name__ == "__main__":
    main()
