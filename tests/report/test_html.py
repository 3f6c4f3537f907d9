#!/usr/bin/env python3
"""The HTML report in a real browser: headless Chromium opens the file
(with the network cut off, so a report that fetched anything would show
it) and saves a screenshot to $VS_BUILD_ROOT/tests/output/report.png.

The data come from export files written through the store API and imported
with `visionsort import`, three sites. Exit 77 (skip) when Chromium is not
installed (Debian package `chromium`, listed under [test] in
tools/debian-packages.txt).
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report_common as rc  # noqa: E402

WIDTH, HEIGHT = 1280, 2000


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    browser = chromium()
    if browser is None:
        print("skip: chromium is not installed")
        return rc.SKIP
    tmp = tempfile.mkdtemp(prefix="vs-html-")
    try:
        db = os.path.join(tmp, "tally.db")
        rc.new_tally(db)
        files = [rc.make_export(tmp, "kiosk%d" % i, n, i + 1, site)
                 for i, (n, site) in enumerate([(150, "Stadsbiblioteket"), (90, "Mirum"),
                                                (45, "Hageby centrum")])]
        for f in files:
            rc.trust_export(db, f)
        rc.run_vs("import", "--tally", db, *files, check=True)
        html = os.path.join(tmp, "report.html")
        rc.run_vs("report", "--tally", db, "--html", html, check=True)

        os.makedirs(rc.OUTPUT, exist_ok=True)
        shot = os.path.join(rc.OUTPUT, "report.png")
        if os.path.exists(shot):
            os.remove(shot)
        profile = tempfile.mkdtemp(prefix="vs-chromium-", dir=tmp)
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
               # nothing may be fetched: a report that needs the network shows it
               "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
               "--hide-scrollbars", "--window-size=%d,%d" % (WIDTH, HEIGHT),
               "--screenshot=" + shot, "file://" + html]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if r.returncode != 0 or not os.path.exists(shot):
            print("chromium failed (%d): %s" % (r.returncode,
                                                 r.stderr.decode("utf-8", "replace")[-2000:]))
            return 1
        with open(shot, "rb") as f:
            data = f.read()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            print("the screenshot is not a PNG")
            return 1
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        # a blank page compresses to a few kilobytes; a drawn report does not
        if (width, height) != (WIDTH, HEIGHT) or len(data) < 40000:
            print("screenshot %dx%d, %d bytes: the page looks empty" % (width, height,
                                                                        len(data)))
            return 1
        print("report screenshot: %s (%d bytes)" % (shot, len(data)))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
