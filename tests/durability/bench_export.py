#!/usr/bin/env python3
"""Benchmark: export and import times for logs of growing size (figures for
docs/RELIABILITY.md). Each log holds N finished sessions of 12 cards; the
export is timed as staff see it (the whole `visionsort export` process:
fill, sign, fsync, rename, read back and verify, mark), then the import of
the file into a tally that trusts the kiosk.

    bench_export.py [N ...]    (default 100 1000 10000)
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logfixture as lf  # noqa: E402


def timed(*args):
    t = time.monotonic()
    r = lf.run(*args, timeout=3600)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s: %s" % (" ".join(map(str, args)), r.stderr))
    return time.monotonic() - t


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 10000]
    base = os.environ.get("VS_BUILD_ROOT") or None  # a real disk, not a tmpfs
    print("%8s %10s %10s %10s %10s" % ("sessions", "file KiB", "export s", "again s",
                                       "import s"))
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="vs-bench-", dir=base) as work:
            log = os.path.join(work, "sessions.db")
            key = lf.make_log(log, sessions=n, seed=n, cards=12)
            usb = os.path.join(work, "usb")
            os.mkdir(usb)
            first = timed("export", "--db", log, "--out", usb)
            again = timed("export", "--db", log, "--out", usb, "--all")
            f = os.path.join(usb, sorted(os.listdir(usb))[0])
            tally = lf.new_tally(os.path.join(work, "tally.db"), key)
            imp = timed("import", "--tally", tally, f)
            print("%8d %10.0f %10.3f %10.3f %10.3f" % (n, os.path.getsize(f) / 1024, first,
                                                       again, imp), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
