#!/usr/bin/env python3
"""Benchmark: the tally at scale (issue 15), printed as one table.

    bench_tally.py MAKE_EXPORTS BENCH_BULK

Sizes and repeats come from the environment, so CI can run it tiny:
  VS_BENCH_SESSIONS  sessions imported and reported over (default 1000000),
                     in VS_BENCH_FILES export files (default 10: ten kiosks)
  VS_BENCH_EXPORT    sessions in the log whose export is timed (default
                     100000, at most VS_BENCH_SESSIONS)
  VS_BENCH_RUNS      runs of each tally and report command (default 7)
  VS_BENCH_IMPORTS   runs of the import and of the bulk insert (default 3)
  VS_BENCH_DIR       where the generated files are kept between runs
                     (default BUILD/bench-data); they are made once per size

Every import goes into a fresh tally that trusts the ten kiosks; beside it,
in the same run and alternating with it, bench_bulk inserts the same rows
into a fresh tally with plain SQLite (the floor). Times are wall-clock of the
whole process, as an organizer waits for it. Nothing is asserted: the
figures go to docs/PERFORMANCE.md.
"""

import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from vstest import BINARY, BUILD_ROOT, SAMPLE as KEYWORDS  # noqa: E402


def env_int(name, default):
    return int(os.environ.get(name) or default)


def run(*args, timeout=7200):
    r = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s: %s" % (" ".join(map(str, args)),
                                           r.stderr.decode("utf-8", "replace")))
    return r.stdout.decode("utf-8", "replace")


def timed(*args):
    t = time.monotonic()
    run(*args)
    return time.monotonic() - t


def percentile(values, p):
    """Nearest rank: with few runs, p99 is the slowest one."""
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def generate(tools, where, files, per_file, export_n, seed=2035):
    """Export files (made once per size and kept) and a log to export."""
    stamp = os.path.join(where, "done")
    if os.path.exists(stamp):
        with open(stamp) as f:
            return f.read().split("\n")[0].split("\t")
    shutil.rmtree(where, ignore_errors=True)
    os.makedirs(where)
    t = time.monotonic()
    out = run(tools[0], os.path.join(where, "kiosks"), KEYWORDS, files, per_file, seed)
    paths = out.split()
    gen = time.monotonic() - t
    run(tools[0], "--no-export", os.path.join(where, "export-log"), KEYWORDS, 1, export_n,
        seed + 1)
    print("generated %d files of %d sessions in %.1f s" % (files, per_file, gen), flush=True)
    with open(stamp, "w") as f:
        f.write("\t".join(paths) + "\n")
    return paths


def trusted_tally(path, files):
    if os.path.exists(path):
        os.remove(path)
    for f in files:
        con = sqlite3.connect("file:%s?mode=ro" % f, uri=True)
        key = con.execute("SELECT value FROM manifest WHERE key = 'public_key'").fetchone()[0]
        con.close()
        run(BINARY, "tally", "--tally", path, "--trust", key)


def cleanup(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def main():
    tools = sys.argv[1:3]
    n = env_int("VS_BENCH_SESSIONS", 1000000)
    files = env_int("VS_BENCH_FILES", 10)
    per_file = max(1, n // files)
    n = per_file * files
    export_n = min(env_int("VS_BENCH_EXPORT", 100000), n)
    runs = env_int("VS_BENCH_RUNS", 7)
    imports = env_int("VS_BENCH_IMPORTS", 3)
    base = os.environ.get("VS_BENCH_DIR") or os.path.join(BUILD_ROOT, "bench-data")
    where = os.path.join(base, "%d-%d-%d" % (files, per_file, export_n))
    paths = generate(tools, where, files, per_file, export_n)
    size = sum(os.path.getsize(p) for p in paths)
    rows = []

    # export: the whole `visionsort export --all` process, as staff wait for it
    log = os.path.join(where, "export-log", "kiosk-00.sqlite")
    with tempfile.TemporaryDirectory(prefix="vs-bench-usb-", dir=base) as usb:
        times = []
        for _ in range(max(1, imports)):
            times.append(timed(BINARY, "export", "--db", log, "--out", usb, "--all"))
            for name in os.listdir(usb):
                os.remove(os.path.join(usb, name))
        rows.append(("export --all", export_n, times, None, None))

    work = tempfile.mkdtemp(prefix="vs-bench-", dir=base)
    try:
        tally = os.path.join(work, "tally.db")
        floor = os.path.join(work, "bulk.db")
        imp, bulk = [], []
        for _ in range(imports):
            cleanup(floor)
            bulk.append(timed(tools[1], floor, *paths))
            cleanup(tally)
            trusted_tally(tally, paths)
            imp.append(timed(BINARY, "import", "--tally", tally, *paths))
        cleanup(floor)
        ratio = "%.2fx" % (percentile(bulk, 50) / percentile(imp, 50))
        rows.append(("plain SQLite bulk insert (floor)", n, bulk, None, None))
        rows.append(("import", n, imp, ">= 0.5x floor", ratio))
        commands = [
            ("tally --csv", ["tally", "--tally", tally, "--csv"], "<= 1 s"),
            ("tally --csv --by site", ["tally", "--tally", tally, "--csv", "--by", "site"],
             "<= 1 s"),
            ("tally --csv --by day", ["tally", "--tally", tally, "--csv", "--by", "day"], None),
            ("report --html", ["report", "--tally", tally, "--html",
                               os.path.join(work, "r.html")], "<= 3 s"),
            ("report --png", ["report", "--tally", tally, "--png",
                              os.path.join(work, "r.png")], None),
        ]
        for name, args, target in commands:
            times = [timed(BINARY, *args) for _ in range(runs)]
            rows.append((name, n, times, target, None))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print("machine: %s, %d cores, %s; load average %s" % (
        platform.machine(), os.cpu_count() or 0, platform.platform(),
        " ".join("%.1f" % x for x in os.getloadavg())))
    print("data: %d export files, %.0f MB in all; runs: %d (import %d)"
          % (files, size / 1e6, runs, imports))
    print()
    print("| operation | sessions | runs | median | p99 | target | vs floor |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    for name, count, times, target, ratio in rows:
        print("| %s | %s | %d | %.2f s | %.2f s | %s | %s |" % (
            name, "{:,}".format(count), len(times), percentile(times, 50),
            percentile(times, 99), target or "", ratio or ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
