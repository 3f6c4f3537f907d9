"""What every part of the pipeline test (pipeline.py) shares: its constants,
its checks, and where the binary and the keyword set are.

Apart from the kiosk half (pipeline_kiosk.py) and the command-line half
(pipeline_tally.py) so that both can use them without importing each other,
and so that other e2e tests can take `locate` without either.
"""

import csv
import os

SKIP = 77
WIDTH, HEIGHT = 1920, 1080
SESSIONS = 4
DEAL = 12                  # cards dealt per session by default
SEED = 7
Z95 = 1.959963984540054    # normal quantile for a 95% interval
ZONES = ("yes", "no", "neutral")
TALLY_HEADER = ("keyword_id,label,shown,yes,no,neutral,approval,approval_low,"
                "approval_high,net,mean_rank")

# How many of the 12 dealt cards each session puts in yes and no (the rest go
# to neutral): different per session so that the statistics differ too.
PILE_SIZES = [(5, 4), (6, 2), (4, 5), (5, 3)]


class TestFailure(AssertionError):
    pass


def check(cond, message):
    if not cond:
        raise TestFailure(message)


def log(message):
    print(message, flush=True)


# --------------------------------------------------------------------------
# Environment


def locate():
    """(binary, source root, build root) from the meson test environment,
    falling back to the usual layout for a run by hand."""
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.environ.get("VS_SOURCE_ROOT") or os.path.dirname(os.path.dirname(here))
    build = os.environ.get("VS_BUILD_ROOT") or os.path.join(source, "build")
    binary = os.environ.get("VISIONSORT") or os.path.join(build, "visionsort")
    return binary, source, build


def read_keyword_set(path):
    """[(keyword id, Swedish label)] in file order, parsed as the format doc
    describes (comments, header, tab-separated, spreadsheet quoting)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [line.rstrip("\r\n") for line in f]
    body = [r for r in rows if r.strip() and not r.startswith("#")]
    reader = csv.reader(body, delimiter="\t", quotechar='"')
    header = next(reader)
    i_id, i_sv = header.index("id"), header.index("sv")
    return [(row[i_id], row[i_sv]) for row in reader]
