"""Shared helpers for the report tests: running visionsort, making tallies
and export files, and computing every statistic independently of the C code.

The reference statistics here are written from the definitions in
docs/report.md (Wilson score interval, net, mean rank), not from the C
source, and read raw rows (sessions and cards) rather than anything the
code under test aggregated.
"""

import csv
import io
import json
import math
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from vstest import BINARY, BUILD_ROOT, SAMPLE, SOURCE_ROOT  # noqa: E402,F401
OUTPUT = os.path.join(BUILD_ROOT, "tests", "output")

Z95 = 1.959963984540054
HEADER = ("keyword_id,label,shown,yes,no,neutral,approval,approval_low,"
          "approval_high,net,mean_rank")
NOT_GIVEN = "(not given)"
SEGMENTS = ("site", "language", "age", "residence", "day")
SKIP = 77


def make_export_binary():
    """The C helper that writes export files through the store API."""
    if len(sys.argv) > 1:
        return sys.argv[1]
    return os.path.join(BUILD_ROOT, "tests", "report", "make_export")


def run_vs(*args, check=False, env=None, timeout=120):
    r = subprocess.run([BINARY] + [str(a) for a in args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout, env=env)
    if check and r.returncode != 0:
        raise AssertionError("visionsort %s failed (%d): %s"
                             % (" ".join(map(str, args)), r.returncode,
                                r.stderr.decode("utf-8", "replace")))
    return r


def make_export(workdir, log_name, sessions, seed, site):
    """An export file with `sessions` sessions from a fresh kiosk log."""
    out = os.path.join(workdir, "usb-" + log_name)
    os.makedirs(out, exist_ok=True)
    r = subprocess.run([make_export_binary(), os.path.join(workdir, log_name + ".db"), out,
                        SAMPLE, str(sessions), str(seed), site],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if r.returncode != 0:
        raise AssertionError("make_export failed: %s" % r.stderr.decode("utf-8", "replace"))
    return r.stdout.decode().strip()


def trust_export(tally, export_file):
    """Registers the kiosk key that signed export_file, when this visionsort
    checks signatures (`tally --trust`); a no-op for one that does not."""
    help_text = run_vs("tally", "--help").stdout.decode()
    if "--trust" not in help_text:
        return
    con = sqlite3.connect("file:%s?mode=ro" % export_file, uri=True)
    try:
        row = con.execute("SELECT value FROM manifest WHERE key = 'public_key'").fetchone()
    finally:
        con.close()
    if row:
        run_vs("tally", "--tally", tally, "--trust", row[0], check=True)


def new_tally(path):
    """An empty tally made by visionsort itself (the schema is its own)."""
    junk = path + ".not-an-export"
    with open(junk, "w") as f:
        f.write("not an export\n")
    run_vs("import", "--tally", path, junk)
    os.remove(junk)
    if not os.path.exists(path):
        raise AssertionError("visionsort import did not create the tally %s" % path)


def columns(con, table):
    """{name: (notnull, default, type)} of a table."""
    return {r[1]: (r[3], r[4], (r[2] or "").upper())
            for r in con.execute("PRAGMA table_info(%s)" % table)}


def insert(con, table, values):
    """Inserts values, filling other NOT NULL columns without a default with
    a placeholder, so the test survives columns it does not care about."""
    cols = columns(con, table)
    row = {k: v for k, v in values.items() if k in cols}
    for name, (notnull, default, typ) in cols.items():
        if name in row or not notnull or default is not None or name == "id":
            continue
        row[name] = 0 if "INT" in typ else "test-%s" % name
    names = ",".join(row)
    marks = ",".join("?" * len(row))
    cur = con.execute("INSERT INTO %s(%s) VALUES (%s)" % (table, names, marks),
                      list(row.values()))
    return cur.lastrowid


def wilson(k, n, z=Z95):
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


def segment_of(session, by):
    """A session's segment, by the definitions in docs/report.md."""
    if by is None:
        return None
    if by == "day":
        return session["started_at"][:10]
    key = {"site": "site", "language": "language", "age": "age_band",
           "residence": "residence"}[by]
    value = session.get(key)
    return value if value else NOT_GIVEN


def reference(sessions, cards, labels, by=None, include_abandoned=False):
    """Rows as `tally --csv [--by]` must print them, as dicts.

    sessions: {session key: dict with outcome, site, language, age_band,
    residence, started_at}; cards: [(session key, keyword_id, pile, rank)];
    labels: {keyword_id: Swedish label or None}.
    """
    wanted = ("completed", "abandoned") if include_abandoned else ("completed",)
    selected = {k: s for k, s in sessions.items() if s["outcome"] in wanted}
    if by is None:
        segs = [None]
    else:
        found = {segment_of(s, by) for s in selected.values()}
        segs = sorted(v for v in found if v != NOT_GIVEN)
        if NOT_GIVEN in found:
            segs.append(NOT_GIVEN)
    counts = {}
    for skey, kw, pile, rank in cards:
        s = selected.get(skey)
        if s is None:
            continue
        c = counts.setdefault((segment_of(s, by), kw),
                              {"shown": 0, "yes": 0, "no": 0, "neutral": 0,
                               "rank_sum": 0, "rank_n": 0})
        c["shown"] += 1
        if pile in ("yes", "no", "neutral"):
            c[pile] += 1
        if pile == "yes" and rank is not None:
            c["rank_sum"] += rank
            c["rank_n"] += 1
    rows = []
    for seg in segs:
        block = []
        for kw in labels:
            c = counts.get((seg, kw), {"shown": 0, "yes": 0, "no": 0, "neutral": 0,
                                       "rank_sum": 0, "rank_n": 0})
            n = c["shown"]
            low, high = wilson(c["yes"], n)
            row = {"keyword_id": kw, "label": labels[kw] if labels[kw] is not None else kw,
                   "shown": n, "yes": c["yes"], "no": c["no"], "neutral": c["neutral"],
                   "approval": c["yes"] / n if n else None,
                   "approval_low": low if n else None,
                   "approval_high": high if n else None,
                   "net": (c["yes"] - c["no"]) / n if n else None,
                   "mean_rank": c["rank_sum"] / c["rank_n"] if c["rank_n"] else None}
            if by is not None:
                row["segment"] = seg
            block.append(row)
        block.sort(key=lambda r: (r["approval"] is None, -(r["approval"] or 0),
                                  -(r["approval_low"] or 0), r["keyword_id"]))
        rows.extend(block)
    return rows


def tally_rows(path):
    """(sessions, cards, labels) read raw from a tally database."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    con.row_factory = sqlite3.Row
    try:
        sessions = {r["id"]: dict(r) for r in con.execute("SELECT * FROM sessions")}
        cards = [(r["session_id"], r["keyword_id"], r["pile"], r["rank"])
                 for r in con.execute("SELECT * FROM cards")]
        labels = {r["keyword_id"]: r["label_sv"]
                  for r in con.execute("SELECT * FROM keywords")}
    finally:
        con.close()
    return sessions, cards, labels


def export_rows(paths):
    """(sessions, cards, labels) read raw from export files, deduplicated by
    (kiosk, uuid) as the tally promises."""
    sessions, cards, labels = {}, [], {}
    for path in paths:
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        con.row_factory = sqlite3.Row
        try:
            fresh = {}
            for r in con.execute("SELECT * FROM sessions"):
                key = (r["kiosk_id"], r["uuid"])
                if key not in sessions:
                    sessions[key] = dict(r)
                    fresh[r["uuid"]] = key
            for r in con.execute("SELECT * FROM cards"):
                key = fresh.get(r["session_uuid"])
                if key is not None:
                    cards.append((key, r["keyword_id"], r["pile"], r["rank"]))
            for r in con.execute("SELECT * FROM keywords WHERE lang = 'sv'"):
                labels[r["keyword_id"]] = r["label"]
        finally:
            con.close()
    return sessions, cards, labels


def parse_csv(text, sep=","):
    return list(csv.DictReader(io.StringIO(text), delimiter=sep))


def parse_json(text):
    return json.loads(text)


def fmt4(v):
    return "" if v is None else "%.4f" % v
