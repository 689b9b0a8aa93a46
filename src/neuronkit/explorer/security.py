"""Who may talk to the explorer: the ``Host`` allow-list, the ``Origin`` check and the token.

Three checks, made by :class:`Guard` (an ASGI middleware) before any route runs:

* **Host** (against DNS rebinding, where a page of another site reaches a local server
  through a name that resolves to it): the ``Host`` header must parse strictly
  (:func:`host_of`) and name an allowed host.  :func:`allowed_hosts` derives the list
  from the interface the server listens on and the origins allowed on purpose.
* **Origin**: a WebSocket opened by a page must come from the server's own origin or
  from an allowed one, so a page elsewhere cannot drive the explorer.
* **Token**: when the server listens beyond the loopback interface, every request must
  carry its secret token (as Jupyter does): ``?token=...`` in the URL (the page's URL
  then sets a cookie for its other requests), the cookie, or an
  ``Authorization: token ...`` header.

Examples
--------
>>> host_of("[::1]:8000"), host_of("[::1]evil.com"), host_of("localhost:80x")
('::1', None, None)
>>> parse_origin("HTTP://Example.org:8080/")
'http://example.org:8080'
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from collections.abc import Iterable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlsplit

__all__ = ["host_of", "parse_origin", "allowed_hosts", "is_ip", "Guard", "LOOPBACK_NAMES",
           "TOKEN_COOKIE"]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_COOKIE = "neuronkit-explorer-token"
_WILDCARDS = ("", "0.0.0.0", "::", "[::]")


def is_ip(host: str) -> bool:
    """Whether *host* is an IPv4 or IPv6 address (not a name)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def host_of(header: str) -> str | None:
    """The host of a ``Host`` header, lower-cased, without port or brackets; None if malformed.

    Only ``name``, ``name:port``, ``a.b.c.d[:port]`` and ``[ipv6][:port]`` are accepted, with a
    port of digits only: ``[::1]evil.com`` or ``localhost:80@evil`` are not hosts.

    >>> host_of("127.0.0.1:8000"), host_of("LocalHost"), host_of("::1"), host_of("")
    ('127.0.0.1', 'localhost', None, None)
    """
    text = header.strip().lower()
    if text.startswith("["):
        end = text.find("]")
        host, rest = text[1:end], text[end + 1:]
        if end < 0 or ":" not in host or not is_ip(host):
            return None
    elif text.count(":") > 1:
        return None  # a bare IPv6 address must be in brackets
    else:
        host, sep, port = text.partition(":")
        rest = sep + port
    if rest and not (rest[0] == ":" and rest[1:].isdigit() and len(rest) <= 6):
        return None
    if not host or not all(c.isalnum() or c in "-._:" for c in host):
        return None
    return host


def parse_origin(text: str) -> str:
    """``scheme://host[:port]`` of an origin given on purpose (``--allow-origin``).

    Raises
    ------
    ValueError
        When *text* is not an http(s) origin without a path.
    """
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    ok = (parts is not None and parts.scheme.lower() in ("http", "https") and parts.hostname
          and parts.path in ("", "/") and not parts.query and not parts.fragment
          and parts.username is None)
    if not ok:
        raise ValueError(f"an allowed origin is scheme://host[:port] with scheme http or "
                         f"https, e.g. http://example.org:8000; got {text!r}")
    host = parts.hostname.lower()
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme.lower()}://{shown}" + (f":{port}" if port is not None else "")


def allowed_hosts(host: str, origins: Iterable[str] = ()) -> tuple[set[str], bool]:
    """``(names, any_ip)``: the ``Host`` values to accept when serving on *host*.

    On loopback: the loopback names.  On a given address or name: that one, the machine's
    names, and the loopback names if it is a loopback address.  On every interface
    (``0.0.0.0``, ``::``): the loopback names, the machine's names, and any IP address
    (*any_ip*; a page reaching the server by an address is served from that address, so
    it is not a rebinding).  The hosts of *origins* are always added.

    >>> names, any_ip = allowed_hosts("127.0.0.1", ["http://proxy.example:8080"])
    >>> sorted(names), any_ip
    (['127.0.0.1', '::1', 'localhost', 'proxy.example'], False)
    """
    bare = host.strip().strip("[]").lower()
    names = {urlsplit(o).hostname or "" for o in origins} - {""}
    wildcard = host.strip() in _WILDCARDS
    loopback = bare == "localhost" or (is_ip(bare) and ipaddress.ip_address(bare).is_loopback)
    if loopback or wildcard:
        names.update(LOOPBACK_NAMES)
    if not loopback:
        names.update(n.lower() for n in (socket.gethostname(), socket.getfqdn()) if n)
    if not wildcard:
        names.add(bare)
    return names, wildcard


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _cookie_name(scope) -> str:
    """The token's cookie, one per port (cookies ignore ports; two explorers may run)."""
    server = scope.get("server") or (None, None)
    return f"{TOKEN_COOKIE}-{server[1]}" if server[1] else TOKEN_COOKIE


def _cookie_token(scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = jar.get(_cookie_name(scope))
    return morsel.value if morsel is not None else None


def _query_token(scope) -> str | None:
    query = scope.get("query_string", b"").decode("latin-1")
    values = parse_qs(query).get("token")
    return values[0] if values else None


def _token_ok(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


class Guard:
    """ASGI middleware: the Host allow-list, the WebSocket Origin check, the token.

    Parameters
    ----------
    app : ASGI application
    hosts : set of str, optional
        The accepted hosts of the ``Host`` header (None: any).
    any_ip : bool
        Also accept any IP address as the host.
    origins : iterable of str
        Origins (``scheme://host[:port]``) accepted for a WebSocket besides the server's own.
    token : str, optional
        The secret every request must carry (None: none needed).
    """

    def __init__(self, app, hosts: Iterable[str] | None = None, any_ip: bool = False,
                 origins: Iterable[str] = (), token: str | None = None):
        self.app = app
        self.hosts = None if hosts is None else {h.strip("[]").lower() for h in hosts}
        self.any_ip = any_ip
        self.origins = {parse_origin(o) for o in origins}
        self.token = token

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        why = self._refusal(scope)
        if why is None:
            cookie = self._cookie(scope) if kind == "http" else None
            if cookie is None:
                await self.app(scope, receive, send)
            else:
                await self.app(scope, receive, _adding_header(send, cookie))
            return
        if kind == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": why[1]})
            return
        body = why[1].encode()
        await send({"type": "http.response.start", "status": why[0], "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def _refusal(self, scope) -> tuple[int, str] | None:
        """``(status, reason)`` when the request is refused, else None."""
        host = host_of(_header(scope, b"host") or "")
        if self.hosts is not None and (host is None or not (
                host in self.hosts or (self.any_ip and is_ip(host)))):
            return 400, "invalid Host header"
        if self.token is not None and not any(_token_ok(t, self.token) for t in (
                _query_token(scope), _cookie_token(scope), self._auth_token(scope))):
            return 403, ("this explorer needs its token: open the URL that "
                         "'neuronkit explore' printed (it ends with ?token=...)")
        if scope["type"] == "websocket" and not self._origin_ok(scope):
            return 403, "WebSocket from another origin"
        return None

    def _origin_ok(self, scope) -> bool:
        """No Origin (not a browser), the server's own origin, or an allowed one."""
        origin = _header(scope, b"origin")
        if origin is None:
            return True
        try:
            parts = urlsplit(origin.strip())
            own = parts.scheme in ("http", "https") and parts.netloc.lower() == (
                _header(scope, b"host") or "").strip().lower()
            return own or parse_origin(origin) in self.origins
        except ValueError:
            return False

    @staticmethod
    def _auth_token(scope) -> str | None:
        auth = _header(scope, b"authorization") or ""
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() == "token" else None

    def _cookie(self, scope) -> bytes | None:
        """The Set-Cookie header when the URL brought the token (None otherwise)."""
        if self.token is None or not _token_ok(_query_token(scope), self.token):
            return None
        return (f"{_cookie_name(scope)}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                .encode("latin-1"))


def _adding_header(send, cookie: bytes):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []),
                                               (b"set-cookie", cookie)]}
        await send(message)

    return wrapped
