"""The pipeline test's command-line half: the session log exported to a
"USB stick", imported into a central tally (twice: the second adds nothing),
and `visionsort tally --csv` checked against statistics computed here,
independently, from what the kiosk half did on screen.
"""

import csv
import io
import math
import os
import re
import sqlite3
import subprocess

from pipeline_common import SESSIONS, TALLY_HEADER, Z95, ZONES, check, log

# --------------------------------------------------------------------------
# The command-line half


def run_cli(binary, *args):
    r = subprocess.run([binary] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=120)
    log("$ visionsort %s -> %d\n%s%s" % (" ".join(args), r.returncode,
                                       _indent(r.stdout), _indent(r.stderr)))
    return r


def _indent(text):
    return "".join("    " + line + "\n" for line in text.splitlines()[:20])


def parse_export(stdout):
    """(path, count): the first token that is an existing file and the
    integer before " session" (the wording is not fixed)."""
    path = None
    for token in stdout.split():
        for candidate in (token, token.rstrip(":,.;")):
            if os.path.isfile(candidate):
                path = candidate
                break
        if path:
            break
    m = re.search(r"(\d+) session", stdout)
    return path, int(m.group(1)) if m else None


def parse_import(stdout):
    added = re.search(r"(\d+)\s+(?:\w+\s+)?added", stdout)
    dup = re.search(r"(\d+)\s+(?:\w+\s+)?duplicate", stdout)
    return (int(added.group(1)) if added else None, int(dup.group(1)) if dup else None)


def describe_log(db):
    """The kiosk log's sessions, read directly: for failure messages only
    (the assertions go through the CLI). The schema is the program's
    business, so anything unexpected falls back to table sizes."""
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            rows = con.execute("SELECT uuid, outcome, exported_at FROM sessions "
                               "ORDER BY id").fetchall()
            return "\nkiosk log sessions (uuid, outcome, exported_at):\n" + "\n".join(
                "  %s %s %s" % row for row in rows)
        except sqlite3.Error:
            tables = [t for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            return "\nkiosk log tables: " + ", ".join(
                "%s(%d rows)" % (t, con.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0])
                for t in tables)
        finally:
            con.close()
    except sqlite3.Error as e:
        return "\n(cannot read the kiosk log %s: %s)" % (db, e)


def check_export(binary, db, usb):
    os.makedirs(usb)
    r = run_cli(binary, "export", "--db", db, "--out", usb)
    check(r.returncode == 0, "export exit %d%s" % (r.returncode, describe_log(db)))
    files = os.listdir(usb)
    check(len(files) == 1, "export wrote %d files, expected 1: %s" % (len(files), files))
    path, count = parse_export(r.stdout)
    check(path is not None and os.path.samefile(path, os.path.join(usb, files[0])),
          "export stdout does not name the file it wrote (%s): %r" % (files[0], r.stdout))
    check(count == SESSIONS, "export reports %s sessions, expected %d%s"
          % (count, SESSIONS, describe_log(db)))

    again = run_cli(binary, "export", "--db", db, "--out", usb)
    check(again.returncode == 0, "second export exit %d" % again.returncode)
    check(sorted(os.listdir(usb)) == sorted(files),
          "second export wrote a file: %s" % os.listdir(usb))
    check(re.search(r"nothing|no new|no (unexported|finished)|0 sessions", again.stdout,
                    re.I), "second export does not say nothing is new: %r" % again.stdout)
    return os.path.join(usb, files[0])


def trust_kiosk(binary, tally, db):
    """The organizers register the kiosk's public key: unknown keys are refused."""
    r = run_cli(binary, "export", "--print-public-key", "--db", db)
    check(r.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}\n", r.stdout),
          "export --print-public-key printed %r" % r.stdout)
    r = run_cli(binary, "tally", "--tally", tally, "--trust", r.stdout.strip())
    check(r.returncode == 0, "tally --trust exit %d" % r.returncode)


def check_import(binary, tally, export_file):
    r = run_cli(binary, "import", "--tally", tally, export_file)
    check(r.returncode == 0, "import exit %d" % r.returncode)
    check(parse_import(r.stdout) == (SESSIONS, 0),
          "first import: (added, duplicates) = %s, expected (%d, 0): %r"
          % (parse_import(r.stdout), SESSIONS, r.stdout))
    r = run_cli(binary, "import", "--tally", tally, export_file)
    check(r.returncode == 0, "second import exit %d" % r.returncode)
    check(parse_import(r.stdout) == (0, SESSIONS),
          "second import: (added, duplicates) = %s, expected (0, %d): %r"
          % (parse_import(r.stdout), SESSIONS, r.stdout))


# --------------------------------------------------------------------------
# Statistics, computed independently


def wilson(k, n, z=Z95):
    p = k / n
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, center - half), min(1.0, center + half)


def expected_tally(keywords, results):
    """{keyword id: row dict} from the sessions the test drove."""
    rows = {}
    for kid, label in keywords:
        finals = [r[kid] for r in results if kid in r]
        shown = len(finals)
        counts = {z: sum(1 for zone, _ in finals if zone == z) for z in ZONES}
        ranks = [rank for zone, rank in finals if zone == "yes"]
        row = {"keyword_id": kid, "label": label, "shown": shown, **counts,
               "mean_rank": sum(ranks) / len(ranks) if ranks else None}
        if shown:
            row["approval"] = counts["yes"] / shown
            row["approval_low"], row["approval_high"] = wilson(counts["yes"], shown)
            row["net"] = (counts["yes"] - counts["no"]) / shown
        rows[kid] = row
    return rows


def close_4dp(text, value):
    """text is value with 4 decimals; a value on a rounding boundary may
    round either way, hence the tolerance of half a unit (plus float noise)."""
    return (re.fullmatch(r"-?\d+\.\d{4}", text) is not None and text != "-0.0000"
            and abs(float(text) - value) <= 0.5e-4 + 1e-9)


def check_tally_csv(binary, tally, keywords, results):
    # The test sorts a card in well under a second, faster than any visitor:
    # the tally flags such sessions as noise and leaves them out unless asked
    # (docs/report.md), so here it is asked.
    r = run_cli(binary, "tally", "--tally", tally, "--csv", "--include-flagged")
    check(r.returncode == 0, "tally exit %d" % r.returncode)
    lines = r.stdout.splitlines()
    check(lines and lines[0] == TALLY_HEADER,
          "tally header %r, expected %r" % (lines[0] if lines else None, TALLY_HEADER))
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    want = expected_tally(keywords, results)
    got_ids = [row["keyword_id"] for row in rows]
    check(len(got_ids) == len(set(got_ids)), "keyword listed twice: %s" % got_ids)
    check(set(got_ids) == set(want),
          "tally keywords differ: missing %s, extra %s"
          % (sorted(set(want) - set(got_ids)), sorted(set(got_ids) - set(want))))
    problems = []
    for row in rows:
        problems += compare_row(row, want[row["keyword_id"]])
    check(not problems, "tally rows differ from what the test did:\n" + "\n".join(problems))
    check_sorted_by_approval(rows)
    log("tally: %d keywords checked" % len(rows))
    return r.stdout


def check_refused_import(binary, tally, work, csv_before):
    """A file that is not an export is refused and leaves the tally as it was."""
    bad = os.path.join(work, "notes.txt")
    with open(bad, "w") as f:
        f.write("not an export\n")
    r = run_cli(binary, "import", "--tally", tally, bad)
    check(r.returncode != 0, "import of a text file succeeded")
    after = run_cli(binary, "tally", "--tally", tally, "--csv", "--include-flagged")
    check(after.returncode == 0 and after.stdout == csv_before,
          "a refused import changed the tally CSV")


def compare_row(got, want):
    kid = want["keyword_id"]
    out = []

    def bad(col, expected):
        out.append("  %s.%s: expected %s, got %r" % (kid, col, expected, got.get(col)))
    if got["label"] != want["label"]:
        bad("label", repr(want["label"]))
    for col in ("shown", "yes", "no", "neutral"):
        if got[col] != str(want[col]):
            bad(col, want[col])
    for col in ("approval", "approval_low", "approval_high", "net"):
        if want["shown"] == 0:
            if got[col] != "":
                bad(col, "empty")
        elif not close_4dp(got[col], want[col]):
            bad(col, "%.4f (exact %r)" % (want[col], want[col]))
    if want["mean_rank"] is None:
        if got["mean_rank"] != "":
            bad("mean_rank", "empty")
    elif not (re.fullmatch(r"\d+(\.\d+)?", got["mean_rank"] or "")
              and abs(float(got["mean_rank"]) - want["mean_rank"]) <= 0.5e-4 + 1e-9):
        bad("mean_rank", "%.4f" % want["mean_rank"])
    return out


def check_sorted_by_approval(rows):
    """Approval descending; keywords never shown (empty approval) last."""
    keys = [float(r["approval"]) if r["approval"] != "" else -1.0 for r in rows]
    for a, b, ra, rb in zip(keys, keys[1:], rows, rows[1:]):
        check(a >= b, "tally not sorted by approval descending: %s (%s) before %s (%s)"
              % (ra["keyword_id"], ra["approval"], rb["keyword_id"], rb["approval"]))


def check_deal_balance(keyword_ids, deals):
    """Balanced exposure: deal counts differ by at most one across the set."""
    counts = {k: 0 for k in keyword_ids}
    for dealt in deals:
        for k in dealt:
            counts[k] += 1
    lo, hi = min(counts.values()), max(counts.values())
    check(hi - lo <= 1, "deal counts range %d..%d (> 1 apart): %s"
          % (lo, hi, {k: c for k, c in counts.items() if c in (lo, hi)}))
    log("deal balance: every keyword dealt %d..%d times over %d sessions"
        % (lo, hi, len(deals)))
