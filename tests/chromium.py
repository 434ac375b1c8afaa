"""Load a page in a real headless Chromium and report what a reader's browser would see, over the
DevTools protocol: console errors, every request the page made, the size of each image, a screenshot."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTALL = "apt-get install chromium (Debian's package; as root: apt-get update && apt-get install -y chromium)"
IMAGES = """JSON.stringify(Array.from(document.images).map(img => {
  const box = img.getBoundingClientRect();
  const style = getComputedStyle(img);
  return {alt: img.alt, width: box.width, height: box.height, complete: img.complete,
          natural: img.naturalWidth, visible: style.visibility !== 'hidden' && style.display !== 'none'};
}))"""


def browser() -> str | None:
    """The Chromium executable, if one is installed."""
    return next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


@dataclass
class Visit:
    """What loading a page gave."""

    errors: list[str] = field(default_factory=list)  # console errors, uncaught exceptions, error log entries
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    images: list[dict[str, Any]] = field(default_factory=list)
    screenshot: bytes = b""


def visit(page: Path, profile: Path, timeout: float = 60.0) -> Visit:
    """Open ``page`` (a local file) in headless Chromium and collect a Visit."""
    import websocket  # websocket-client, a dev dependency

    exe = browser()
    assert exe, INSTALL
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1200,900", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "about:blank"]  # fmt: skip
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.is_file() and port_file.read_text().strip()):
            assert time.monotonic() < deadline and process.poll() is None, "Chromium did not start"
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
        ws = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        try:
            return _drive(ws, page.resolve().as_uri(), deadline)
        finally:
            ws.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _drive(ws: Any, url: str, deadline: float) -> Visit:
    seen = Visit()
    counter = iter(range(1, 1_000_000))

    def send(method: str, **params: Any) -> dict[str, Any]:
        ident = next(counter)
        ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == ident:
                return message.get("result", {})
            note(message)

    def note(message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            seen.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            seen.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            seen.errors.append(str(params.get("exceptionDetails", {}).get("text")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            seen.errors.append(str(params["entry"].get("text")))

    for domain in ("Network", "Runtime", "Log", "Page"):
        send(f"{domain}.enable")
    send("Page.navigate", url=url)
    while True:
        assert time.monotonic() < deadline, "the page did not finish loading"
        message = json.loads(ws.recv())
        note(message)
        if message.get("method") == "Page.loadEventFired":
            break
    time.sleep(0.5)  # late console messages
    ws.settimeout(0.5)
    try:
        while True:
            note(json.loads(ws.recv()))
    except Exception:  # no more events pending
        pass
    ws.settimeout(30)
    seen.images = json.loads(send("Runtime.evaluate", expression=IMAGES, returnByValue=True)["result"]["value"])
    shot = send("Page.captureScreenshot", format="png", captureBeyondViewport=False)
    seen.screenshot = base64.b64decode(shot["data"])
    return seen
