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
    at most :data:`MAX_FPS` a second, each after about :data:`TRAIN_SECONDS_PER_FRAME`
    of training.  A WebSocket from another origin is refused, so a web page elsewhere
    cannot drive a local explorer (:mod:`.security`: Host, Origin, token).

Each connection is a :class:`Connection` with its own :class:`~.session.Playground`;
the CPU is shared fairly between them (:mod:`.scheduler`), and when a tab closes, all
its work stops at once and the session is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from .. import __version__
from .._drawing import CLASS_COLORS
from ..errors import NeuronkitError
from ..i18n import LANGUAGES, Text
from . import presets, protocol, strings, views
from .protocol import (
    LIMITS,
    Configure,
    Control,
    CurvesRequest,
    Language,
    NeuronRequest,
    PlaygroundConfig,
    ProtocolError,
    Regenerate,
    SetWeight,
    Step,
    in_words,
)
from .scheduler import SLICE_SECONDS, Scheduler
from .security import Guard
from .session import Playground

__all__ = ["create_app", "Connection", "MAX_FPS", "TRAIN_SECONDS_PER_FRAME", "MAX_SESSIONS",
           "MAX_PENDING"]

STATIC = Path(__file__).with_name("static")
MAX_FPS = 20
TRAIN_SECONDS_PER_FRAME = 0.03
MAX_SESSIONS = 32
#: Messages of one tab waiting for an answer; beyond, a message is refused with an error.
MAX_PENDING = 32
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class Connection:
    """One browser tab: its WebSocket, its playground and its training.

    Two tasks serve a tab.  The receiver reads messages as they come and queues them
    (at most :data:`MAX_PENDING`); a ``pause``, ``reset``, ``configure`` or
    ``regenerate`` also stops the training under way at once, since it would undo it.
    The worker answers the queued messages in order.  ``play`` trains in a task of its
    own, so the tab's other requests are answered while it plays.  All computing goes
    through the app's :class:`~.scheduler.Scheduler` in slices of at most
    :data:`~.scheduler.SLICE_SECONDS`, checked for cancellation between mini-batches.
    When the tab goes away, everything it was doing stops at once.
    """

    _ids = itertools.count(1)

    def __init__(self, ws: WebSocket, scheduler: Scheduler | None = None):
        self.ws = ws
        lang = ws.query_params.get("lang", "en") if hasattr(ws, "query_params") else "en"
        #: The tab's language ("en" or "zh"): ``?lang=`` of the socket, then ``language``.
        self.lang = lang if lang in LANGUAGES else "en"
        self.id = next(self._ids)
        self.scheduler = scheduler or Scheduler()
        self.playground: Playground | None = None
        self.playing = False
        self.closed = False
        self._generation = 0  # bumped by each message that stops training
        self._task: asyncio.Task | None = None
        self._send_lock = asyncio.Lock()
        self._inbox: asyncio.Queue = asyncio.Queue(MAX_PENDING)

    async def send(self, message: dict[str, Any]) -> None:
        """Send one JSON message (never two at once); nothing once the tab is gone."""
        if self.closed:
            return
        text = json.dumps(message, separators=(",", ":"), allow_nan=False)
        async with self._send_lock:
            if self.closed:
                return
            try:
                await self.ws.send_text(text)
            except (WebSocketDisconnect, OSError):
                self._gone()
            except RuntimeError:  # Starlette: "Cannot call send once a close ..."
                if self.ws.application_state != WebSocketState.DISCONNECTED:
                    raise
                self._gone()

    async def error(self, problem: str | Text | ProtocolError,
                    about: str | None = None) -> None:
        """Tell the page that its last message was refused, and why.

        ``message`` is in the person's words and language; ``detail`` is the precise,
        technical text (the JSON field and the value that was refused).
        """
        if isinstance(problem, ProtocolError):
            message, detail = problem.say(self.lang), str(problem)
        elif isinstance(problem, Text):
            message, detail = problem(self.lang), problem("en")
        else:
            message = detail = problem
        await self.send({"type": "error", "message": message, "detail": detail,
                         "about": about})

    def hello(self) -> dict[str, Any]:
        """What the page needs first: the catalogue and every choice with its limits."""
        return {
            "type": "hello",
            "session": self.id,
            "lang": self.lang,
            "strings": strings.strings(self.lang),
            "version": __version__,
            "activations": views.catalogue(),
            "datasets": list(protocol.DATASETS),
            "features": list(protocol.FEATURES),
            "regression": list(protocol.REGRESSION),
            "presets": presets.PRESETS,
            "losses": list(protocol.LOSSES),
            "optimizers": list(protocol.OPTIMIZERS),
            "regularizations": list(protocol.REGULARIZATIONS),
            "gates": {g: views.gate_info(g) for g in protocol.GATES},
            "limits": {k: list(v) if isinstance(v, tuple) else v for k, v in LIMITS.items()},
            # the batch size goes from 1 to the number of points (config.size)
            "batch_size": [1, "size"],
            "default_config": PlaygroundConfig().to_json(),
            "max_fps": MAX_FPS,
            "class_colors": list(CLASS_COLORS),  # the figures' colours of class 0, 1, ...
        }

    # -- the message loop -------------------------------------------------------------

    async def run(self) -> None:
        """Answer messages until the tab goes away; then stop everything at once."""
        await self.send(self.hello())
        tasks = [asyncio.create_task(self._receive()), asyncio.create_task(self._work())]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._gone()
            for task in tasks:
                task.cancel()
            await self.close()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task  # a bug in the worker is raised here, for the log

    async def _receive(self) -> None:
        """Read and queue messages until the tab goes away."""
        while not self.closed:
            try:
                message = await self.ws.receive()
            except (WebSocketDisconnect, OSError, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                item: Any = ProtocolError("binary messages are not accepted; send JSON text",
                                          in_words(_BINARY))
                about = None
            else:
                about = _type_of(text)
                try:
                    item = protocol.parse_message(text)
                except ProtocolError as exc:
                    item = exc
            if isinstance(item, _STOPPING) or (isinstance(item, Control)
                                               and item.action != "play"):
                self._generation += 1  # the training under way stops at once
            try:
                self._inbox.put_nowait((item, about, self._generation))
            except asyncio.QueueFull:
                await self.error(_fill(_TOO_MANY, n=MAX_PENDING), about)

    async def _work(self) -> None:
        """Answer the queued messages in order."""
        while not self.closed:
            item, about, generation = await self._inbox.get()
            if isinstance(item, ProtocolError):
                await self.error(item, about)
                continue
            try:
                await self.handle(item, generation)
            except ProtocolError as exc:
                await self.error(exc, type(item).__name__.lower())
            except (NeuronkitError, ValueError, TypeError, ArithmeticError) as exc:
                await self.error(f"{type(item).__name__.lower()} failed: {exc}",
                                 type(item).__name__.lower())

    async def _call(self, fn, *args, interactive: bool = True):
        return await self.scheduler.run(self.id, fn, *args, interactive=interactive)

    async def handle(self, request: Any, generation: int | None = None) -> None:
        """Carry out one validated request (received when the generation was *generation*)."""
        if generation is None:
            generation = self._generation
        if isinstance(request, Language):
            self.lang = request.lang
            await self.send({"type": "strings", "lang": self.lang,
                             "strings": strings.strings(self.lang)})
        elif isinstance(request, CurvesRequest):
            await self.send(await self._call(views.curves, request))
        elif isinstance(request, NeuronRequest):
            await self.send(await self._call(views.neuron, request))
        elif isinstance(request, Configure):
            await self.stop()
            self.playground = await self._call(Playground, request.config)
            await self._send_all("configure")
        elif isinstance(request, Regenerate):
            pg = self._need_playground()
            await self.stop()
            seed = request.data_seed
            if seed is None:
                seed = (pg.config.data_seed + 1) % (LIMITS["seed"][1] + 1)
            await self._call(pg.regenerate, seed)
            await self._send_all("regenerate")
        elif isinstance(request, Step):
            pg = self._need_playground()
            await self.stop()
            await self._step(pg, request.epochs, generation)
        elif isinstance(request, Control):
            await self._control(request.action, generation)
        elif isinstance(request, SetWeight):
            pg = self._need_playground()
            await self.stop()
            try:
                await self._call(pg.set_weight, request.layer, request.source,
                                 request.target, request.value)
            except IndexError as exc:
                raise ProtocolError(f"set_weight: {exc}", in_words(_NO_LINK)) from None
            await self._send_frame(pg, reply="set_weight")

    async def _control(self, action: str, generation: int) -> None:
        pg = self._need_playground()
        if action == "play":
            if pg.diverged is not None:
                raise ProtocolError("training diverged; press reset (and lower the "
                                    "learning rate) before playing again", in_words(_DIVERGED))
            if not self.playing and generation == self._generation:
                self.playing = True
                self._task = asyncio.create_task(self._play(pg, generation))
            await self._send_status()
        elif action == "pause":
            await self.stop()
            await self._send_frame(pg, reply="pause")
        else:  # reset
            await self.stop()
            await self._call(pg.reset)
            await self._send_frame(pg, full=True, reply="reset")

    def _need_playground(self) -> Playground:
        if self.playground is None:
            raise ProtocolError("configure the playground first (send a 'configure' message)",
                                in_words(_CONFIGURE_FIRST))
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
        if self.closed:
            return
        frame = await self._call(pg.frame, full)
        frame["status"] = self.status()
        frame["reply"] = reply
        await self.send(frame)
        if pg.diverged is not None:
            await self.send({"type": "diverged", "message": pg.diverged_message(self.lang),
                             "epoch": pg.epoch})

    # -- training ---------------------------------------------------------------------

    async def _train(self, pg: Playground, epochs: int, seconds: float, should_stop) -> int:
        """At most *epochs* epochs in slices of at most SLICE_SECONDS; epochs done."""
        done = 0
        t0 = time.monotonic()
        while done < epochs and pg.diverged is None and not should_stop():
            left = seconds - (time.monotonic() - t0)
            if left <= 0:
                break
            done += await self._call(partial(pg.train, epochs - done,
                                             seconds=min(SLICE_SECONDS, left),
                                             should_stop=should_stop), interactive=False)
        return done

    async def _step(self, pg: Playground, epochs: int, generation: int) -> None:
        """Train *epochs* epochs (stopped by a later pause, or by the budget); reply."""
        def stopped() -> bool:
            return self.closed or self._generation != generation

        spent = pg.train_seconds
        target = pg.epoch + epochs  # an epoch under way counts as the first
        while pg.epoch < target and pg.diverged is None and not stopped():
            budget = LIMITS["step_seconds"] - (pg.train_seconds - spent)
            if budget <= 0:
                break
            await self._train(pg, target - pg.epoch, min(budget, 1.0), stopped)
        await self._send_frame(pg, reply="step")
        if pg.epoch < target and pg.diverged is None and not stopped():
            await self.error(_fill(_STEP_STOPPED, epoch=pg.epoch,
                                                  seconds=f"{LIMITS['step_seconds']:g}"), "step")

    async def _play(self, pg: Playground, generation: int) -> None:
        loop = asyncio.get_running_loop()

        def stopped() -> bool:
            return self.closed or not self.playing or self._generation != generation

        try:
            while not stopped():
                t0 = loop.time()
                await self._train(pg, 1 << 30, TRAIN_SECONDS_PER_FRAME, stopped)
                if pg.diverged is not None:
                    self.playing = False
                elif stopped():
                    break  # whoever stopped the play sends the frame
                await self._send_frame(pg)
                if not self.playing:
                    break
                await asyncio.sleep(max(0.0, 1.0 / MAX_FPS - (loop.time() - t0)))
        finally:
            if self._generation != generation:
                self.playing = False

    async def stop(self) -> None:
        """Stop playing; the slice under way stops at its next mini-batch."""
        self.playing = False
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _gone(self) -> None:
        """The tab has gone: stop all work at once (each slice at its next mini-batch)."""
        self.closed = True
        self.playing = False
        self._generation += 1

    async def close(self) -> None:
        """Stop training and free the playground."""
        self._gone()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.playground = None
        self.scheduler.forget(self.id)


def _fill(text: Text, **fields: Any) -> Text:
    return Text(text.en.format(**fields), text.zh.format(**fields))


_BINARY = Text("The page sent binary data; the explorer only reads JSON text.",
               "页面发送了二进制数据；探索器只接受 JSON 文本。")
_TOO_MANY = Text("Too many requests are waiting (at most {n}); wait for the answers.",
                 "等待处理的请求太多（最多 {n} 个）；请等待回复后再操作。")
_DIVERGED = Text("Training diverged: press reset (and lower the learning rate) before "
                 "playing again.", "训练已发散：请先按“重置”（并降低学习率）再继续训练。")
_NO_LINK = Text("This network has no such link (it changed meanwhile).",
                "这个网络没有这条连接（网络刚刚改变了）。")
_CONFIGURE_FIRST = Text("Configure the playground first.", "请先设置训练场。")
_STEP_STOPPED = Text("Step stopped at epoch {epoch} after {seconds} s of training (the limit "
                     "of one request); press step again to go on.",
                     "单步训练在第 {epoch} 轮停止：已训练 {seconds} 秒（单次请求的上限）；"
                     "再按一次单步即可继续。")
_TABS = Text("Too many open tabs (at most {n}); close one and reload.",
             "打开的标签页太多（最多 {n} 个）；请关闭一个后重新加载。")


#: Messages that stop the training under way as soon as they are received.
_STOPPING = (Configure, Regenerate, SetWeight)


def _type_of(text: str) -> str | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    kind = value.get("type") if isinstance(value, dict) else None
    return kind if isinstance(kind, str) and len(kind) <= 40 else None


def create_app(*, max_sessions: int = MAX_SESSIONS,
               allowed_hosts: Sequence[str] | None = None, any_ip: bool = False,
               allowed_origins: Sequence[str] = (), token: str | None = None,
               scheduler: Scheduler | None = None) -> Starlette:
    """The explorer as an ASGI application (serve it with uvicorn, test it with TestClient).

    ``app.state.sessions`` maps each open connection's id to its :class:`Connection`;
    ``app.state.scheduler`` shares the CPU between them (:mod:`.scheduler`).

    Parameters
    ----------
    max_sessions : int
        Tabs served at once; one more gets an error and is closed.
    allowed_hosts : sequence of str, optional
        When given, a request whose ``Host`` header names another host is refused
        (against DNS rebinding); :func:`.security.allowed_hosts` derives the list that
        :func:`neuronkit.explorer.serve` uses.  *any_ip* also accepts any IP address.
    allowed_origins : sequence of str
        Origins whose pages may open the WebSocket, besides the server's own.
    token : str, optional
        A secret that every request must carry (see :mod:`.security`).

    Examples
    --------
    >>> app = create_app()
    >>> sorted(r.path for r in app.routes)
    ['/', '/api/status', '/static', '/ws']
    >>> app.state.sessions
    {}
    """
    sessions: dict[int, Connection] = {}
    scheduler = scheduler or Scheduler()

    async def status(request: Request) -> JSONResponse:
        return JSONResponse({"sessions": len(sessions), "version": __version__})

    guard = Middleware(Guard, hosts=None if allowed_hosts is None else list(allowed_hosts),
                       any_ip=any_ip, origins=list(allowed_origins), token=token)
    app = Starlette(middleware=[guard], routes=[
        Route("/", _index),
        Route("/api/status", status),
        WebSocketRoute("/ws", _socket_endpoint(sessions, max_sessions, scheduler)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ])
    app.state.sessions = sessions
    app.state.scheduler = scheduler
    return app


async def _index(request: Request) -> FileResponse:
    """The page, with a strict Content-Security-Policy and no caching."""
    return FileResponse(STATIC / "index.html", headers={
        "Content-Security-Policy": _CSP, "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


def _socket_endpoint(sessions: dict[int, Connection], max_sessions: int,
                     scheduler: Scheduler):
    """The WebSocket endpoint: one :class:`Connection` per tab, kept in *sessions*.

    (:class:`.security.Guard` has already refused a socket from another origin.)  One
    beyond *max_sessions* gets an error message and is closed (1013); a closed tab's
    connection stops its work and is dropped at once.
    """
    async def socket(ws: WebSocket) -> None:
        await ws.accept()
        if len(sessions) >= max_sessions:
            with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
                lang = ws.query_params.get("lang", "en")
                text = _fill(_TABS, n=max_sessions)
                await ws.send_text(json.dumps({"type": "error", "detail": text("en"),
                                               "message": text(lang if lang in LANGUAGES
                                                               else "en")}))
                await ws.close(code=1013)
            return
        conn = Connection(ws, scheduler)
        sessions[conn.id] = conn
        try:
            await conn.run()
        finally:
            sessions.pop(conn.id, None)

    return socket
