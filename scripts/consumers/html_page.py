#!/usr/bin/env python3
"""Drives kgpipe's graph.html in a real headless Chromium and reports what the page did, as JSON.

The browser is the system `chromium` (or $KGPIPE_CHROMIUM), run with --headless=new, a fresh
--user-data-dir, every host name unresolvable and the DevTools network emulation offline. It is
driven over the Chrome DevTools Protocol on a pipe (--remote-debugging-pipe): no port, and
nothing beyond the Python standard library. Interactions are real input events (typed text, key
presses, mouse clicks at the element's place on screen).

usage: html_page.py PAGE [--search NAME [--focus]] [--click-edge EDGE_ID]
                         [--uncheck-label LABEL] [--screenshot PNG] [--evidence-screenshot PNG]

The report: console errors and warnings, uncaught exceptions, network requests, the drawn node
and edge counts, and the result of each requested step.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60.0


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (replies out)."""

    def __init__(self, width, height):
        binary = os.environ.get("KGPIPE_CHROMIUM") or shutil.which("chromium") or shutil.which(
            "chromium-browser")
        if not binary:
            sys.exit("html_page.py: chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="kgpipe-chromium-")
        cmd_read, self.cmd_write = os.pipe()
        self.reply_read, reply_write = os.pipe()

        def wire_pipes():
            # Copies first: a pipe may already be fd 3 or 4, and dup2 onto itself keeps
            # close-on-exec.
            commands, replies = os.dup(cmd_read), os.dup(reply_write)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-sync", "--disable-component-update",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={width},{height}",
             "--hide-scrollbars", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=None if os.environ.get("KGPIPE_CHROMIUM_LOG") else subprocess.DEVNULL,
            close_fds=False, preexec_fn=wire_pipes)
        os.close(cmd_read)
        os.close(reply_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self.reply_read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.cmd_write, json.dumps(message).encode() + b"\0")
        deadline = time.time() + TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method):
        deadline = time.time() + TIMEOUT
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = self._read_message(deadline)
            if e.get("method") == method:
                return e
            self.events.append(e)

    def attach_page(self):
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluating {expression[:80]!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, x, y, count=1):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y}
            if kind != "mouseMoved":
                params.update({"button": "left", "clickCount": count})
            self.send("Input.dispatchMouseEvent", params)

    def click_element(self, selector):
        rect = self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        self.click(*rect)

    def key(self, key, code, vk, text=None):
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk}
            if text and kind == "keyDown":
                params["text"] = text
            self.send("Input.dispatchKeyEvent", params)

    def settle(self):
        """Waits for the page to paint what it has drawn."""
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        time.sleep(0.3)

    def screenshot(self, path):
        self.settle()
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def problems(events):
    """Console errors and warnings, uncaught exceptions, and requests that left file://."""
    errors, requests = [], []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = params["exceptionDetails"]
            errors.append("uncaught: " + (d.get("exception", {}).get("description") or d.get("text", "")))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
            errors.append(params["type"] + ": " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            errors.append("log: " + params["entry"]["text"])
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "about:")):
                requests.append(url)
    return errors, requests


DRAWN = "({nodes: kgpipe.cy.nodes().length, edges: kgpipe.cy.edges().length, " \
        "note: document.getElementById('note').textContent, " \
        "names: kgpipe.cy.nodes().map(n => n.data('name')).sort(), " \
        "labels: [...new Set(kgpipe.cy.nodes().map(n => kgpipe.data.nodes[n.data('index')].label))].sort()})"

SELECTED = "kgpipe.cy.elements(':selected').map(x => x.id())"


def search(browser, name):
    browser.evaluate("document.getElementById('search').focus()")
    browser.send("Input.insertText", {"text": name})
    browser.key("Enter", "Enter", 13, "\r")
    return browser.evaluate(
        "(() => { const cy = kgpipe.cy; const s = cy.nodes(':selected');"
        " const r = cy.container().getBoundingClientRect();"
        " const p = s.length ? s[0].renderedPosition() : {x: -1, y: -1};"
        " return {selected: " + SELECTED + ","
        " offset: [p.x - r.width / 2, p.y - r.height / 2],"
        " status: document.getElementById('status').textContent,"
        " panelName: (document.querySelector('#panel .node-name') || {}).textContent}; })()")


def click_edge(browser, edge_id):
    point = browser.evaluate(
        "(() => { const e = kgpipe.cy.getElementById(" + json.dumps(edge_id) + ");"
        " if (e.empty()) return null;"
        " kgpipe.cy.elements(':selected').unselect(); kgpipe.cy.fit(e.connectedNodes().closedNeighborhood(), 40);"
        " const m = e.renderedMidpoint(); const r = kgpipe.cy.container().getBoundingClientRect();"
        " return [r.x + m.x, r.y + m.y]; })()")
    if point is None:
        return {"drawn": False}
    browser.click(*point)
    return browser.evaluate(
        "({drawn: true, selected: " + SELECTED + ","
        " title: (document.querySelector('#panel .edge-title') || {}).textContent,"
        " sentences: [...document.querySelectorAll('#panel .evidence .sentence')].map(x => x.textContent),"
        " articles: [...document.querySelectorAll('#panel .evidence .article-title')].map(x => x.textContent),"
        " documents: [...document.querySelectorAll('#panel .evidence .article-document')].map(x => x.textContent)})")


def double_click_node(browser, node_id):
    """Double-clicks node `node_id` where it is drawn; returns what is drawn then."""
    point = browser.evaluate(
        "(() => { const n = kgpipe.cy.getElementById(" + json.dumps(node_id) + ");"
        " const p = n.renderedPosition(); const r = kgpipe.cy.container().getBoundingClientRect();"
        " return [r.x + p.x, r.y + p.y]; })()")
    browser.click(*point, count=1)
    browser.click(*point, count=2)
    return browser.evaluate(DRAWN)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--search")
    parser.add_argument("--click-edge")
    parser.add_argument("--uncheck-label")
    parser.add_argument("--focus", action="store_true",
                        help="focus on the found node with its button, back, then by double-click")
    parser.add_argument("--screenshot")
    parser.add_argument("--evidence-screenshot")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    report = {}
    browser = Browser(args.width, args.height)
    try:
        browser.attach_page()
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(domain + ".enable")
        browser.send("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        browser.send("Emulation.setDeviceMetricsOverride", {
            "width": args.width, "height": args.height, "deviceScaleFactor": 1, "mobile": False})
        url = "file://" + os.path.abspath(args.page)
        started = time.time()
        browser.send("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired")
        report["ready"] = browser.evaluate("document.body.dataset.ready === 'true'")
        report["load_seconds"] = round(time.time() - started, 2)
        if report["ready"]:
            report["initial"] = browser.evaluate(DRAWN)
            if args.screenshot:
                browser.screenshot(args.screenshot)
            if args.search:
                report["search"] = search(browser, args.search)
                if args.focus:
                    browser.click_element("#focus-button")
                    report["focus"] = browser.evaluate(DRAWN)
                    browser.click_element("#show-all")
                    report["show_all"] = browser.evaluate(DRAWN)
                    selected = report["search"]["selected"]
                    if selected:
                        report["double_click"] = double_click_node(browser, selected[0])
                        browser.click_element("#show-all")
            if args.click_edge:
                report["edge"] = click_edge(browser, args.click_edge)
                if args.evidence_screenshot:
                    browser.screenshot(args.evidence_screenshot)
            if args.uncheck_label:
                browser.evaluate("kgpipe.showAll()")
                before = browser.evaluate(DRAWN)
                browser.click_element(f"#labels input[data-key={json.dumps(args.uncheck_label)}]")
                report["filter"] = {"before": before, "after": browser.evaluate(DRAWN)}
        browser.send("Runtime.evaluate", {"expression": "0"})
        report["errors"], report["requests"] = problems(browser.events)
    finally:
        browser.close()
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
