"""uvicorn's HTTP protocol with the two timeouts it lacks: request head and stalled writes.

uvicorn closes an idle keep-alive connection, and the app bounds a request from
its first body byte (``anyio.fail_after``), but nothing bounds the time a
client takes to send a request's *headers*: 128 sockets that each send half a
header hold every connection slot for ever. Nor is anything bounding a client
that stops reading its answer. This subclass adds both, on uvicorn's own
protocol (httptools when installed, else h11), so it runs from ``copydesk
serve`` and from a bare ``uvicorn --http linter.serve.protocol:BoundedProtocol``.

* **head timeout** (default 10 s): from the moment a connection opens, or the
  first byte of the next request on a kept-alive connection, to the end of
  that request's headers. Past it the client gets ``408`` and is closed.
* **write timeout** (default 15 s): how long the server's send buffer may stay
  full because the client does not read. Past it the connection is aborted.
"""

from __future__ import annotations

import asyncio
from typing import Any

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - httptools is a dependency where it builds
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]

HEAD_TIMEOUT = 10.0
WRITE_TIMEOUT = 15.0
_TIMED_OUT_BODY = b"Error: The request headers took too long"
_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_TIMED_OUT_BODY), _TIMED_OUT_BODY)
)


class BoundedProtocol(_Base):  # uvicorn's httptools protocol, or h11 without httptools
    def __init__(
        self, *args: Any, head_timeout: float = HEAD_TIMEOUT, write_timeout: float = WRITE_TIMEOUT, **kw: Any
    ):
        super().__init__(*args, **kw)
        self.head_timeout, self.write_timeout = head_timeout, write_timeout
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_cycle: object = None  # the request cycle before the head we are timing
        self._write_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head()

    def data_received(self, data: bytes) -> None:
        if self._head_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._arm_head()  # the first byte of the next request on a kept-alive connection
        super().data_received(data)
        if self._head_timer is not None and self.cycle is not self._head_cycle:
            self._cancel_head()  # the headers are in: the app's own bound takes over

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._write_timer is None:
            self._write_timer = self.loop.call_later(self.write_timeout, self._write_expired)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._write_timer is not None:
            self._write_timer.cancel()
            self._write_timer = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head()
        if self._write_timer is not None:
            self._write_timer.cancel()
            self._write_timer = None
        super().connection_lost(exc)

    def _arm_head(self) -> None:
        self._head_cycle = self.cycle
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_expired)

    def _cancel_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_expired(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.write(_TIMED_OUT)
            self.transport.close()

    def _write_expired(self) -> None:
        self._write_timer = None
        self.transport.abort()  # close() would wait to flush to a client that never reads
