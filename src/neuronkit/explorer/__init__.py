"""``neuronkit explore``: an interactive explorer of neurons and activations in the browser.

Three views, all computed by neuronkit on the server and drawn by a small page:

* **Activations**: f and f' of any activations of the catalogue, their parameters on
  sliders, their declared properties, and the values under the mouse.
* **Neuron**: the MP neuron and the general neuron with two inputs, the truth tables of
  the logic gates, and why no single neuron computes XOR.
* **Playground**: a network trained live on xor, circles, moons, spirals or blobs, with
  per-layer activations from the whole catalogue, dead and saturated units marked, and
  the whole state in the URL.

The web framework (Starlette, served by uvicorn) is an optional extra,
``pip install 'neuronkit[explore]'``; nothing in neuronkit imports this package, and
importing it does not import the framework: :func:`create_app` and :func:`serve` do.

Examples
--------
>>> from neuronkit import explorer
>>> explorer.missing_dependencies()
[]
"""

from __future__ import annotations

import importlib.util
import ipaddress
import secrets
import socket
import sys
from collections.abc import Sequence
from typing import Any

from . import security

__all__ = ["create_app", "serve", "missing_dependencies", "free_port", "is_loopback",
           "exposure_warning", "EXTRA_HINT"]

EXTRA_HINT = "pip install 'neuronkit[explore]'"
_NEEDED = ("starlette", "uvicorn", "websockets")


def missing_dependencies() -> list[str]:
    """Names of the packages of the ``explore`` extra that are not installed."""
    return [name for name in _NEEDED if importlib.util.find_spec(name) is None]


def create_app(**kwargs: Any):
    """The explorer's ASGI application; see :func:`neuronkit.explorer.app.create_app`."""
    from .app import create_app as _create_app

    return _create_app(**kwargs)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on *host* right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def is_loopback(host: str) -> bool:
    """Whether *host* names the loopback interface only.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int | None = None, open_browser: bool = True,
          *, announce=print, allow_origins: Sequence[str] = (), token: str | None = None,
          warn=None) -> None:
    """Serve the explorer on http://host:port until Ctrl-C (SIGINT) or SIGTERM.

    Parameters
    ----------
    host : str
        Interface to bind; the loopback interface by default.  Anything else exposes
        the explorer to the network: give it only on purpose.  Beyond loopback, every
        request needs a secret token, given in the announced URL (``?token=...``).
    port : int, optional
        TCP port; a free one when None or 0.
    open_browser : bool
        Open the page in the default browser once the server is up.
    announce : callable
        Called with the line that gives the URL (``print`` by default).
    allow_origins : sequence of str
        Origins (``scheme://host[:port]``) whose pages may use the explorer besides its
        own, e.g. a reverse proxy's; their hosts join the allowed ``Host`` names.
    token : str, optional
        The secret beyond loopback (default: a fresh random one); ignored on loopback.
    warn : callable, optional
        Called with the warning when the server listens beyond loopback (default: a
        line on stderr).

    Raises
    ------
    ValueError
        When an allowed origin is not ``scheme://host[:port]``.
    OSError
        When the port cannot be bound (in use, or not allowed).
    """
    import uvicorn

    from .app import create_app as _create_app
    from .protocol import LIMITS

    origins = [security.parse_origin(o) for o in allow_origins]
    hosts, any_ip = security.allowed_hosts(host, origins)
    if is_loopback(host):
        token = None
    elif not token:
        token = secrets.token_urlsafe(24)
    sock = _bind(host, port)
    url = _url(host, sock) + (f"?token={token}" if token else "")
    if token:
        (warn or _to_stderr)(exposure_warning(host, hosts, any_ip))
    config = uvicorn.Config(
        _create_app(allowed_hosts=sorted(hosts), any_ip=any_ip, allowed_origins=origins,
                    token=token),
        log_level="warning", lifespan="off", ws_max_size=LIMITS["max_message_bytes"] + 1024,
        timeout_graceful_shutdown=1)
    try:
        _announcing_server(config, url, announce, open_browser).run(sockets=[sock])
    finally:
        sock.close()


def exposure_warning(host: str, hosts=(), any_ip: bool = False) -> str:
    """The warning printed when the explorer listens beyond the loopback interface.

    >>> print(exposure_warning("0.0.0.0", ["localhost"], True))  # doctest: +ELLIPSIS
    neuronkit explore: warning: serving on 0.0.0.0 exposes the explorer to the network; ...
    """
    names = ", ".join(sorted(hosts)) + (", any IP address" if any_ip else "")
    return (f"neuronkit explore: warning: serving on {host} exposes the explorer to the "
            "network; every request needs the secret token of the URL below (share it "
            f"only with whom may use this machine's CPU); Host names accepted: {names} "
            "(add one with --allow-origin)")


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _bind(host: str, port: int | None) -> socket.socket:
    """A TCP socket bound to *host* and *port* (a free one when None or 0), else OSError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port or 0))
    except OSError:
        sock.close()
        raise
    return sock


def _url(host: str, sock: socket.socket) -> str:
    """The page's URL on the socket's port (an IPv6 host in brackets)."""
    port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if sock.family == socket.AF_INET6 else host
    return f"http://{shown}:{port}/"


def _announcing_server(config: Any, url: str, announce, open_browser: bool):
    """A uvicorn server that announces *url*, and opens it in a browser, once it is up."""
    import uvicorn

    class _Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            if self.started:
                announce(f"neuronkit explorer running at {url}  (Ctrl-C stops it)")
                if open_browser:
                    import webbrowser

                    webbrowser.open(url)

    return _Server(config)
