"""A Streamlit client without a browser: one asyncio task per reader, speaking the app's own websocket protocol.

A browser costs far more CPU than the server it measures; this client costs little, so many sessions can run
from one process on the server's machine. A `Session` does what a browser's first visit does on the wire:

1. GET the page's URL (the HTML, which also brings the cookies: nginx's replica cookie, Streamlit's XSRF cookie);
   the scripts and styles it names are left out, as a returning reader's browser has them cached;
2. open the websocket on /_stcore/stream with the cookies, subprotocols "streamlit" and the XSRF token, and an
   Origin of the server's own address (Streamlit refuses a websocket from another origin);
3. send a `BackMsg` `rerun_script` with the page's name (its URL path) and query string;
4. read `ForwardMsg`s until `script_finished`: the page is complete, as the browser's "not running" state.

Later pages in the same session go by the page's script hash from the `navigation` message, as a click in the
sidebar does. `load_page` reconnects, as the browser's own client does, when the connection drops.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

STREAM_PATH = "/_stcore/stream"
XSRF_COOKIE = "_streamlit_xsrf"
# The browser's stand-in when it has no token (an empty subprotocol entry is invalid).
NO_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
FINISHED = ForwardMsg.ScriptFinishedStatus.Name(ForwardMsg.FINISHED_SUCCESSFULLY)
MAX_MESSAGE = 64 * 2**20  # bytes: the largest message the client accepts (a state map with its outlines is large)


class Disconnected(Exception):
    """The connection failed or closed before the page finished; the session may reconnect."""


@dataclass
class PageLoad:
    """One page as the session received it, from the request to `script_finished`."""

    path: str
    query: str
    seconds: float
    messages: int = 0
    status: str = ""
    element_types: Counter = field(default_factory=Counter)  # new_element types, "block" for each add_block
    texts: list[str] = field(default_factory=list)           # markdown, headings and captions, in order
    exceptions: list[str] = field(default_factory=list)      # an st.exception element's message
    page_not_found: bool = False

    @property
    def deltas(self) -> int:
        return sum(self.element_types.values())

    @property
    def ok(self) -> bool:
        return self.status == FINISHED and not self.exceptions and not self.page_not_found


def record(load: PageLoad, message: ForwardMsg) -> None:
    """Count one ForwardMsg into `load`; a new script run (`new_session`) starts the page's elements afresh."""
    load.messages += 1
    kind = message.WhichOneof("type")
    if kind == "new_session":
        load.element_types.clear()
        load.texts.clear()
        load.exceptions.clear()
    if kind == "page_not_found":
        load.page_not_found = True
    if kind != "delta":
        return
    delta = message.delta
    if delta.HasField("add_block"):
        load.element_types["block"] += 1
    elif delta.HasField("new_element"):
        element = delta.new_element
        element_type = element.WhichOneof("type")
        load.element_types[element_type] += 1
        if element_type == "markdown":
            load.texts.append(element.markdown.body)
        elif element_type == "heading":
            load.texts.append(element.heading.body)
        elif element_type == "exception":
            load.exceptions.append(element.exception.message)


async def http_get(base: str, path: str, cookies: dict[str, str], timeout: float) -> dict[str, str]:
    """GET base+path over HTTP/1.1 as a browser asks for a page; returns the cookies the response sets."""
    address = urlparse(base)
    request = (f"GET {path} HTTP/1.1\r\nHost: {address.netloc}\r\nAccept: text/html\r\nConnection: close\r\n"
               + "".join(f"Cookie: {name}={value}\r\n" for name, value in cookies.items()) + "\r\n")
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(address.hostname, address.port or 80)
            try:
                writer.write(request.encode("latin-1"))
                response = await reader.read()
            finally:
                writer.close()
    except (OSError, TimeoutError) as error:
        raise Disconnected(f"GET {path}: {error!r}") from error
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    if not head[0].startswith("HTTP/1.1 200"):
        raise Disconnected(f"GET {path}: {head[0]!r}")
    found = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            parsed = SimpleCookie()
            parsed.load(value.strip())
            found.update({key: morsel.value for key, morsel in parsed.items()})
    return found


class Session:
    """One reader: `await session.load("/pay", "basis=hourly")`, then other pages over the same websocket."""

    def __init__(self, base: str, timeout: float = 60):
        self.base = base.rstrip("/")
        self.timeout = timeout  # seconds for any one page, connection included
        self.cookies: dict[str, str] = {}
        self.websocket = None
        self.page_hashes: dict[str, str] = {}  # URL path ("" for the default page) -> page script hash
        self.connections = 0

    async def connect(self, path: str) -> None:
        """The page's HTML, then the websocket, as a browser opening `path`."""
        self.cookies.update(await http_get(self.base, path, self.cookies, self.timeout))
        token = self.cookies.get(XSRF_COOKIE) or NO_TOKEN
        cookie_header = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            async with asyncio.timeout(self.timeout):
                self.websocket = await connect(
                    self.base.replace("http", "ws", 1) + STREAM_PATH, subprotocols=["streamlit", token],
                    origin=self.base, additional_headers={"Cookie": cookie_header} if cookie_header else None,
                    proxy=None, max_size=MAX_MESSAGE, open_timeout=None, ping_interval=None)
        except (OSError, TimeoutError, WebSocketException) as error:
            raise Disconnected(f"websocket: {error!r}") from error
        self.connections += 1
        self.page_hashes = {}

    async def load(self, path: str, query: str = "") -> PageLoad:
        """Run the page at `path` with `query` (no "?") and wait for its run to finish. Raises Disconnected."""
        started = time.perf_counter()
        if self.websocket is None:
            await self.connect(path + (f"?{query}" if query else ""))
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        page_hash = self.page_hashes.get(path.strip("/"))
        if page_hash:
            state.page_script_hash = page_hash
        else:
            state.page_name = path.strip("/")
        state.context_info.url = self.base + path + (f"?{query}" if query else "")
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        load = PageLoad(path, query, 0.0)
        try:
            async with asyncio.timeout(self.timeout):
                await self.websocket.send(message.SerializeToString())
                async for data in self.websocket:
                    received = ForwardMsg()
                    received.ParseFromString(data)
                    record(load, received)
                    if received.HasField("navigation"):
                        self.page_hashes = {page.url_pathname: page.page_script_hash
                                            for page in received.navigation.app_pages}
                    if received.HasField("script_finished"):
                        load.status = ForwardMsg.ScriptFinishedStatus.Name(received.script_finished)
                        if load.status != "FINISHED_EARLY_FOR_RERUN":
                            break
                else:
                    raise Disconnected("the server closed the websocket")
        except (OSError, TimeoutError, WebSocketException) as error:
            await self.close()
            raise Disconnected(f"{path}: {error!r}") from error
        except Disconnected:
            await self.close()
            raise
        load.seconds = time.perf_counter() - started
        return load

    async def close(self) -> None:
        if self.websocket is not None:
            websocket, self.websocket = self.websocket, None
            try:
                async with asyncio.timeout(2):
                    await websocket.close()
            except (OSError, TimeoutError, WebSocketException):
                pass


@dataclass
class Attempt:
    """A page load that may have needed reconnections: the load (None if it never finished) and what it took."""

    load: PageLoad | None
    reconnects: int
    errors: list[str]
    seconds: float  # from the first request to the finished page (or to giving up), reconnections included


async def load_page(session: Session, path: str, query: str = "", deadline: float = 30,
                    retry_pause: float = 0.2) -> Attempt:
    """The page, reconnecting as the browser does when the connection drops, for up to `deadline` seconds."""
    started = time.perf_counter()
    errors: list[str] = []
    while True:
        try:
            load = await session.load(path, query)
            return Attempt(load, len(errors), errors, time.perf_counter() - started)
        except Disconnected as error:
            errors.append(str(error))
        if time.perf_counter() - started + retry_pause > deadline:
            return Attempt(None, len(errors), errors, time.perf_counter() - started)
        await asyncio.sleep(retry_pause)


async def _open_once(base: str, path: str, timeout: float) -> PageLoad:
    session = Session(base, timeout=timeout)
    try:
        return await session.load(path)
    finally:
        await session.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.protocol BASE_URL [PATH]`: open one page as a new reader; exit 0 if it finished whole.
    deploy/serve runs it against a replica that has just passed its health check, before sending it readers."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("base", help="the server, e.g. http://127.0.0.2:8501")
    parser.add_argument("path", nargs="?", default="/", help="the page's URL path (default /)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds the page may take (default 60)")
    arguments = parser.parse_args(argv)
    try:
        load = asyncio.run(_open_once(arguments.base, arguments.path, arguments.timeout))
    except Disconnected as error:
        print(f"{arguments.base}{arguments.path}: no page ({error})", file=sys.stderr)
        return 1
    if not load.ok:
        print(f"{arguments.base}{arguments.path}: the page did not finish cleanly ({load.status}, exceptions "
              f"{load.exceptions}, page not found: {load.page_not_found})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
