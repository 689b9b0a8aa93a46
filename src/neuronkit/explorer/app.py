"""The explorer's web application: one page, its static files, and a WebSocket.

Routes
------
``GET /``
    The page (``static/index.html``), with a strict Content-Security-Policy: scripts,
    styles and connections only from this server.
``GET /static/...``
    The page's JavaScript and CSS (no CDN; everything ships in the package).
``GET /api/status``
    ``{"sessions": n, "version": ...}``: how many tabs are connected.
``WS /ws``
    The protocol of :mod:`.protocol`.  On connect the server sends ``hello`` (the
    activation catalogue, the limits, the choices); then each request gets its answer
    (``curves``, ``neuron``, ``data`` + ``frame``), an invalid one gets ``error`` and
    changes nothing.  While the playground plays, the server streams ``frame`` messages,
    at most :data:`MAX_FPS` a second, each after as many epochs as fit in about
    :data:`TRAIN_SECONDS_PER_FRAME`.  A WebSocket from another origin is refused, so a
    web page elsewhere cannot drive a local explorer.

Each connection is a :class:`Connection` with its own :class:`~.session.Playground`;
when the tab closes, its training task is stopped and the session is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from .. import __version__
from . import protocol, views
from .protocol import (
    LIMITS,
    Configure,
    Control,
    CurvesRequest,
    NeuronRequest,
    PlaygroundConfig,
    ProtocolError,
    Regenerate,
    Step,
)
from .session import Playground

__all__ = ["create_app", "Connection", "MAX_FPS", "TRAIN_SECONDS_PER_FRAME", "MAX_SESSIONS"]

STATIC = Path(__file__).with_name("static")
MAX_FPS = 20
TRAIN_SECONDS_PER_FRAME = 0.03
MAX_SESSIONS = 32
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class Connection:
    """One browser tab: its WebSocket, its playground and its training task."""

    _ids = itertools.count(1)

    def __init__(self, ws: WebSocket):
        self.ws = ws
        self.id = next(self._ids)
        self.playground: Playground | None = None
        self.playing = False
        self._task: asyncio.Task | None = None
        self._send_lock = asyncio.Lock()

    async def send(self, message: dict[str, Any]) -> None:
        """Send one JSON message (never two at once)."""
        async with self._send_lock:
            await self.ws.send_text(json.dumps(message, separators=(",", ":"),
                                               allow_nan=False))

    async def error(self, text: str, about: str | None = None) -> None:
        """Tell the page that its last message was refused, and why."""
        await self.send({"type": "error", "message": text, "about": about})

    def hello(self) -> dict[str, Any]:
        """What the page needs first: the catalogue and every choice with its limits."""
        return {
            "type": "hello",
            "session": self.id,
            "version": __version__,
            "activations": views.catalogue(),
            "datasets": list(protocol.DATASETS),
            "losses": list(protocol.LOSSES),
            "optimizers": list(protocol.OPTIMIZERS),
            "regularizations": list(protocol.REGULARIZATIONS),
            "gates": {g: views.gate_info(g) for g in protocol.GATES},
            "limits": {k: list(v) if isinstance(v, tuple) else v for k, v in LIMITS.items()},
            "default_config": PlaygroundConfig().to_json(),
            "max_fps": MAX_FPS,
        }

    # -- the message loop -------------------------------------------------------------

    async def run(self) -> None:
        """Answer messages until the tab goes away."""
        await self.send(self.hello())
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                await self.error("binary messages are not accepted; send JSON text")
                continue
            try:
                request = protocol.parse_message(text)
            except ProtocolError as exc:
                await self.error(str(exc), _type_of(text))
                continue
            try:
                await self.handle(request)
            except ProtocolError as exc:
                await self.error(str(exc), type(request).__name__.lower())

    async def handle(self, request: Any) -> None:
        """Carry out one validated request."""
        if isinstance(request, CurvesRequest):
            await self.send(await asyncio.to_thread(views.curves, request))
        elif isinstance(request, NeuronRequest):
            await self.send(await asyncio.to_thread(views.neuron, request))
        elif isinstance(request, Configure):
            await self.stop()
            self.playground = await asyncio.to_thread(Playground, request.config)
            await self._send_all("configure")
        elif isinstance(request, Regenerate):
            pg = self._need_playground()
            await self.stop()
            seed = request.data_seed
            if seed is None:
                seed = (pg.config.data_seed + 1) % (LIMITS["seed"][1] + 1)
            await asyncio.to_thread(pg.regenerate, seed)
            await self._send_all("regenerate")
        elif isinstance(request, Step):
            pg = self._need_playground()
            await self.stop()
            await asyncio.to_thread(pg.train, request.epochs)
            await self._send_frame(pg, reply="step")
        elif isinstance(request, Control):
            pg = self._need_playground()
            if request.action == "play":
                if pg.diverged is not None:
                    raise ProtocolError("training diverged; press reset (and lower the "
                                        "learning rate) before playing again")
                if not self.playing:
                    self.playing = True
                    self._task = asyncio.create_task(self._play(pg))
                    await self._send_status()
            elif request.action == "pause":
                await self.stop()
                await self._send_frame(pg, reply="pause")
            else:  # reset
                await self.stop()
                await asyncio.to_thread(pg.reset)
                await self._send_frame(pg, full=True, reply="reset")

    def _need_playground(self) -> Playground:
        if self.playground is None:
            raise ProtocolError("configure the playground first (send a 'configure' message)")
        return self.playground

    def status(self) -> str:
        """"playing", "paused", "diverged" or "idle" (no playground yet)."""
        if self.playground is None:
            return "idle"
        if self.playground.diverged is not None:
            return "diverged"
        return "playing" if self.playing else "paused"

    async def _send_status(self) -> None:
        await self.send({"type": "status", "status": self.status()})

    async def _send_all(self, reply: str) -> None:
        pg = self._need_playground()
        await self.send(pg.data())
        await self._send_frame(pg, full=True, reply=reply)

    async def _send_frame(self, pg: Playground, full: bool = False,
                          reply: str | None = None) -> None:
        """Send a frame; *reply* names the request it answers (None while playing)."""
        frame = await asyncio.to_thread(pg.frame, full)
        frame["status"] = self.status()
        frame["reply"] = reply
        await self.send(frame)
        if pg.diverged is not None:
            await self.send({"type": "diverged", "message": pg.diverged, "epoch": pg.epoch})

    # -- training ---------------------------------------------------------------------

    async def _play(self, pg: Playground) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.playing:
                t0 = loop.time()
                await asyncio.to_thread(pg.train, pg.epochs_for(TRAIN_SECONDS_PER_FRAME))
                if pg.diverged is not None:
                    self.playing = False
                await self._send_frame(pg)
                if not self.playing:
                    break
                await asyncio.sleep(max(0.0, 1.0 / MAX_FPS - (loop.time() - t0)))
        except Exception:  # the tab went away while a frame was being sent
            self.playing = False

    async def stop(self) -> None:
        """Stop playing; wait until the current chunk of epochs is done."""
        self.playing = False
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def close(self) -> None:
        """Stop training and free the playground."""
        await self.stop()
        self.playground = None


def _type_of(text: str) -> str | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    kind = value.get("type") if isinstance(value, dict) else None
    return kind if isinstance(kind, str) and len(kind) <= 40 else None


def _origin_ok(ws: WebSocket) -> bool:
    """A WebSocket is accepted from no origin (a test client) or from this very server."""
    origin = ws.headers.get("origin")
    if origin is None:
        return True
    host = ws.headers.get("host", "")
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc == host


def _host_of(header: str) -> str:
    """The host of a ``Host`` header, without its port or IPv6 brackets.

    >>> _host_of("127.0.0.1:8000"), _host_of("[::1]:8000"), _host_of("LocalHost")
    ('127.0.0.1', '::1', 'localhost')
    """
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _TrustedHosts:
    """Refuse requests whose ``Host`` is not one of *allowed* (against DNS rebinding)."""

    def __init__(self, app, allowed: Sequence[str]):
        self.app = app
        self.allowed = {_host_of(h) for h in allowed}

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if _host_of(host) not in self.allowed:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await PlainTextResponse("invalid Host header", 400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(*, max_sessions: int = MAX_SESSIONS,
               allowed_hosts: Sequence[str] | None = None) -> Starlette:
    """The explorer as an ASGI application (serve it with uvicorn, test it with TestClient).

    ``app.state.sessions`` maps each open connection's id to its :class:`Connection`.
    With *allowed_hosts*, a request whose ``Host`` header names another host is refused
    (:func:`neuronkit.explorer.serve` allows only the loopback names when it binds the
    loopback interface, so a web page elsewhere cannot reach the explorer through DNS
    rebinding).

    Examples
    --------
    >>> app = create_app()
    >>> sorted(r.path for r in app.routes)
    ['/', '/api/status', '/static', '/ws']
    >>> app.state.sessions
    {}
    """
    sessions: dict[int, Connection] = {}

    async def status(request: Request) -> JSONResponse:
        return JSONResponse({"sessions": len(sessions), "version": __version__})

    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(_TrustedHosts, allowed=list(allowed_hosts)))
    app = Starlette(middleware=middleware, routes=[
        Route("/", _index),
        Route("/api/status", status),
        WebSocketRoute("/ws", _socket_endpoint(sessions, max_sessions)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ])
    app.state.sessions = sessions
    return app


async def _index(request: Request) -> FileResponse:
    """The page, with a strict Content-Security-Policy and no caching."""
    return FileResponse(STATIC / "index.html", headers={
        "Content-Security-Policy": _CSP, "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


def _socket_endpoint(sessions: dict[int, Connection], max_sessions: int):
    """The WebSocket endpoint: one :class:`Connection` per tab, kept in *sessions*.

    A socket from another origin is refused (1008), one beyond *max_sessions* gets an
    error message and is closed (1013); a closed tab's connection is closed and dropped.
    """
    async def socket(ws: WebSocket) -> None:
        if not _origin_ok(ws):
            await ws.close(code=1008)
            return
        await ws.accept()
        if len(sessions) >= max_sessions:
            await ws.send_text(json.dumps({"type": "error", "message":
                                           f"too many open tabs (limit {max_sessions})"}))
            await ws.close(code=1013)
            return
        conn = Connection(ws)
        sessions[conn.id] = conn
        try:
            await conn.run()
        except WebSocketDisconnect:
            pass
        finally:
            await conn.close()
            sessions.pop(conn.id, None)

    return socket
