#!/usr/bin/env python3
"""End-to-end test of the whole visionsort pipeline.

kiosk (real program, Xvfb, pointer gestures; each visit walks attract ->
       language -> intro -> sort -> Done -> profile skipped -> thanks)
  -> session log
  -> `visionsort export` to a "USB stick" folder
  -> `visionsort import` into a central tally (twice: dedup)
  -> `visionsort tally --csv`, checked against statistics computed here from
     what the test itself did on screen.

Every expectation comes from the interface contract: the layout trace, the
CLI's outputs and the tally's definitions. Exit codes: 0 pass, 1 fail,
77 skip (only when Xvfb or xdotool is not installed).

The kiosk half is pipeline_kiosk.py, the command-line half and the
statistics pipeline_tally.py; this file runs them in order.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, e2e_paths  # noqa: E402
# Other e2e tests take their pieces from here (visitor.py, screenshots.py, ...).
from pipeline_common import (SESSIONS, SKIP, WIDTH, HEIGHT, TestFailure,  # noqa: E402,F401
                             check, locate, log, read_keyword_set)
from pipeline_kiosk import (Piles, drop_point, plan_session, run_kiosk,  # noqa: E402,F401
                            run_session, wait_for_placement)
from pipeline_tally import (check_deal_balance, check_export, check_import,  # noqa: E402
                            check_refused_import, check_tally_csv, trust_kiosk)


# --------------------------------------------------------------------------


def main():
    binary, source, _, out_dir = e2e_paths()
    check(os.access(binary, os.X_OK), "no visionsort binary at %s" % binary)
    keywords = read_keyword_set(os.path.join(source, "data", "norrkoping-2035-sample.tsv"))
    keyword_ids = [k for k, _ in keywords]
    shots = {"mid": os.path.join(out_dir, "sort-%dx%d.png" % (WIDTH, HEIGHT)),
             "end": os.path.join(out_dir, "sort-%dx%d-placed.png" % (WIDTH, HEIGHT))}
    with tempfile.TemporaryDirectory(prefix="vs-e2e-") as work:
        db, results, deals = run_kiosk(binary, work, keyword_ids, shots,
                                       os.path.join(out_dir, "e2e-pipeline-trace.log"))
        check_deal_balance(keyword_ids, deals)
        export_file = check_export(binary, db, os.path.join(work, "usb"))
        tally = os.path.join(work, "central", "tally.db")
        os.makedirs(os.path.dirname(tally))
        trust_kiosk(binary, tally, db)
        check_import(binary, tally, export_file)
        csv_text = check_tally_csv(binary, tally, keywords, results)
        check_refused_import(binary, tally, work, csv_text)
    return 0


if __name__ == "__main__":
    run_test(main, "PASS: e2e pipeline (%d sessions, export, import, tally)" % SESSIONS)
