#!/usr/bin/env python3
"""`visionsort export` under injected I/O faults.

With tools/faultshim (LD_PRELOAD) the Nth write, fsync, fdatasync, rename,
close or open of an export run fails, for every N over the whole run (the
run's own calls are counted first). Whatever fails, the export must end in
one of two states, checked with plain SQLite and a real import:

  done:   exit 0, one line on stdout, exactly one export file in the folder,
          which a tally imports in full, and every session marked exported;
  undone: exit 1, one line on stderr, nothing in the folder (no final file,
          no temp file), no session marked exported;

and the log passes `PRAGMA integrity_check` either way. Then the real cases:
a folder that does not exist, a folder gone at the rename ("USB pulled"),
and a file system that is really full (a 64 KiB tmpfs; skipped with the
reason when this system does not let us mount one).

Exit codes: 0 pass, 1 fail, 77 skip (no shim built).
"""

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logfixture as lf  # noqa: E402

SKIP = 77
SHIM = os.environ.get("VS_FAULTSHIM", "")
OPS = ("write", "fsync", "fdatasync", "rename", "close", "open")
# The errno each kind of call fails with: what a full or failing drive says.
ONE_SHOT = {"write": "ENOSPC", "fsync": "EIO", "fdatasync": "EIO", "rename": "EIO",
            "close": "EIO", "open": "EACCES"}
# A drive that stays gone: every later call fails too.
PERSISTENT = {"write": "EIO", "open": "ENOENT", "fsync": "EIO"}


class Failure(AssertionError):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def shim_env(op=None, n=0, err="ENOSPC", persist=False, counts=None):
    env = dict(os.environ)
    env["LD_PRELOAD"] = SHIM + (":" + env["LD_PRELOAD"] if env.get("LD_PRELOAD") else "")
    # an ASan build wants its runtime first; the shim is harmless before it
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    for k in ("FAULT_OP", "FAULT_N", "FAULT_ERRNO", "FAULT_PERSIST", "FAULT_COUNTS"):
        env.pop(k, None)
    if op:
        env.update(FAULT_OP=op, FAULT_N=str(n), FAULT_ERRNO=err,
                   FAULT_PERSIST="1" if persist else "0")
    if counts:
        env["FAULT_COUNTS"] = counts
    return env


class Template:
    """A pristine log (and key) copied fresh for every run."""

    def __init__(self, work, name, sessions, with_key=True):
        self.dir = os.path.join(work, "template-" + name)
        os.makedirs(self.dir)
        self.log = os.path.join(self.dir, "sessions.db")
        self.key = lf.make_log(self.log, sessions=sessions, seed=len(name))
        if not with_key:
            # a kiosk that never made its key: the export makes it
            os.unlink(self.log + ".key")
            db = lf.sqlite3.connect(self.log)
            db.execute("DELETE FROM meta WHERE key = 'public_key'")
            db.commit()
            db.close()
            self.key = None
        self.uuids = set(lf.log_sessions(self.log))
        self.with_key = with_key

    def fresh(self, run_dir):
        os.makedirs(run_dir)
        log = os.path.join(run_dir, "sessions.db")
        shutil.copy2(self.log, log)
        if self.with_key:
            shutil.copy2(self.log + ".key", log + ".key")
        usb = os.path.join(run_dir, "usb")
        os.mkdir(usb)
        return log, usb


def judge(t, log, usb, r, what, tally_dir):
    """Checks one finished run; returns "done" or "undone"."""
    out, err = lf.lines(r.stdout), lf.lines(r.stderr)
    desc = "%s: exit %d, stdout %r, stderr %r" % (what, r.returncode, out, err)
    check(r.returncode in (0, 1), "unexpected exit code: " + desc)
    check(len(out) + len(err) == 1, "not exactly one line: " + desc)
    check(lf.integrity(log) == "ok", "log fails integrity_check: " + desc)
    files = sorted(os.listdir(usb))
    state = lf.log_sessions(log)
    marked = {u for u, (_, e) in state.items() if e}
    check(set(state) == t.uuids, "sessions lost or added in the log: " + desc)
    if r.returncode != 0:
        check(not out and len(err) == 1, "a failure must be one line on stderr: " + desc)
        check(files == [], "files left behind after a failure %s: %s" % (files, desc))
        check(not marked, "%d sessions marked after a failure: %s" % (len(marked), desc))
        return "undone"
    check(len(out) == 1 and not err, "success must be one line on stdout: " + desc)
    check(len(files) == 1 and files[0].startswith("visionsort-") and
          files[0].endswith(".sqlite"), "not exactly one export file %s: %s" % (files, desc))
    check(marked == t.uuids, "success but %d of %d sessions marked: %s"
          % (len(marked), len(t.uuids), desc))
    export = os.path.join(usb, files[0])
    check(lf.export_uuids(export) == t.uuids, "the export lacks sessions: " + desc)
    # the file must import in full: checksum and signature verified
    key = lf.public_key(log)
    tally = lf.new_tally(os.path.join(tally_dir, "tally.db"), key)
    imp = lf.run("import", "--tally", tally, export)
    check(imp.returncode == 0 and "%d added" % len(t.uuids) in imp.stdout,
          "the export does not import: %s / %s" % (imp.stdout, imp.stderr))
    return "done"


def sweep(t, work, results, reasons):
    """Every N of every op, one shot and persistent."""
    counts_file = os.path.join(work, "counts-%s" % os.path.basename(t.dir))
    log, usb = t.fresh(os.path.join(work, "count-" + os.path.basename(t.dir)))
    r = lf.run("export", "--db", log, "--out", usb, env=shim_env(counts=counts_file))
    check(r.returncode == 0, "the clean run failed under the shim: %s" % r.stderr)
    counts = {}
    with open(counts_file) as f:
        for line in f:
            op, n = line.split()
            counts[op] = int(n)
    print("%s: calls in one export: %s" % (os.path.basename(t.dir), counts), flush=True)
    runs = 0
    for mode, table in (("one-shot", ONE_SHOT), ("persistent", PERSISTENT)):
        for op in OPS:
            if op not in table:
                continue
            for n in range(1, counts.get(op, 0) + 1):
                runs += 1
                run_dir = os.path.join(work, "run-%d-%s" % (runs, os.path.basename(t.dir)))
                log, usb = t.fresh(run_dir)
                env = shim_env(op, n, table[op], persist=(mode == "persistent"))
                r = lf.run("export", "--db", log, "--out", usb, env=env)
                what = "%s %s %s #%d (%s)" % (os.path.basename(t.dir), mode, op, n, table[op])
                outcome = judge(t, log, usb, r, what, run_dir)
                results[(mode, op, outcome)] += 1
                if outcome == "undone":
                    reasons[r.stderr.split(": ", 2)[-1].split(" — ")[0].strip()] += 1
                shutil.rmtree(run_dir)
    return runs


def scenario_missing_folder(t, work):
    log, usb = t.fresh(os.path.join(work, "missing"))
    gone = os.path.join(usb, "unplugged")
    r = lf.run("export", "--db", log, "--out", gone)
    check(r.returncode == 1 and "folder does not exist" in r.stderr,
          "missing folder: %r" % r.stderr)
    check(not os.path.exists(gone) and os.listdir(usb) == [], "missing folder: files made")
    check(not any(e for _, e in lf.log_sessions(log).values()), "missing folder: marked")
    print("missing folder: %s" % r.stderr.strip(), flush=True)


def scenario_pulled_at_rename(t, work):
    for err in ("ENOENT", "EIO"):
        run_dir = os.path.join(work, "pulled-" + err)
        log, usb = t.fresh(run_dir)
        r = lf.run("export", "--db", log, "--out", usb,
                   env=shim_env("rename", 1, err, persist=True))
        check(judge(t, log, usb, r, "pulled at rename " + err, run_dir) == "undone",
              "an export whose rename failed succeeded")
        print("stick pulled at the rename (%s): %s" % (err, r.stderr.strip()), flush=True)


def try_mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0755" % size, "tmpfs",
                        path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode == 0, r.stdout.strip()


def umount(path):
    subprocess.run(["umount", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def scenario_full_filesystem(work):
    """A real small file system: the export does not fit, then one does."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        print("SKIP full file system: needs root and mount(8) for a tmpfs", flush=True)
        return "skipped"
    t = Template(work, "big", sessions=400)
    tiny = os.path.join(work, "tiny")
    ok, why = try_mount_tmpfs(tiny, "64k")
    if not ok:
        print("SKIP full file system: mount -t tmpfs not permitted here (%s)" % why,
              flush=True)
        return "skipped"
    try:
        log, _ = t.fresh(os.path.join(work, "full"))
        r = lf.run("export", "--db", log, "--out", tiny)
        check(r.returncode == 1 and "No space left on device" in r.stderr
              and "free some space" in r.stderr, "full tmpfs: %r" % r.stderr)
        check(os.listdir(tiny) == [], "full tmpfs: left %s" % os.listdir(tiny))
        check(not any(e for _, e in lf.log_sessions(log).values()), "full tmpfs: marked")
        print("64 KiB tmpfs: %s" % r.stderr.strip(), flush=True)
    finally:
        umount(tiny)
    roomy = os.path.join(work, "roomy")
    ok, why = try_mount_tmpfs(roomy, "4m")
    check(ok, "a 4 MiB tmpfs after a 64 KiB one: %s" % why)
    try:
        log, _ = t.fresh(os.path.join(work, "roomy-run"))
        r = lf.run("export", "--db", log, "--out", roomy)
        check(r.returncode == 0 and len(os.listdir(roomy)) == 1, "4 MiB tmpfs: %r" % r.stderr)
    finally:
        umount(roomy)
    return "passed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=12)
    args = ap.parse_args()
    if not SHIM or not os.path.exists(SHIM):
        print("SKIP: no fault shim (VS_FAULTSHIM=%r)" % SHIM)
        return SKIP
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vs-faults-") as work:
        results = collections.Counter()
        reasons = collections.Counter()
        runs = 0
        for name, with_key in (("keyed", True), ("first", False)):
            t = Template(work, name, args.sessions, with_key)
            runs += sweep(t, work, results, reasons)
        keyed = Template(work, "scenarios", args.sessions)
        scenario_missing_folder(keyed, work)
        scenario_pulled_at_rename(keyed, work)
        full = scenario_full_filesystem(work)
    print("\nfault runs: %d in %.1f s" % (runs, time.monotonic() - t0))
    for (mode, op, outcome), n in sorted(results.items()):
        print("  %-10s %-9s %-6s %4d" % (mode, op, outcome, n))
    print("reasons given for undone exports:")
    for why, n in reasons.most_common():
        print("  %4d  %s" % (n, why))
    print("PASS: every faulted export whole or absent, nothing marked when absent "
          "(full file system: %s)" % full)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("FAIL: %s" % e, flush=True)
        sys.exit(1)
