"""Shared by the durability and import tests: session logs made without the
kiosk, the visionsort CLI, and an independent reading of export files.

A log is created by the binary itself (schema, kiosk id, signing key: run
`export --print-public-key` on an empty file), then filled with plain SQL,
the way a tool other than visionsort would see the file. Everything here is
the Python standard library plus libsodium through ctypes (the same library
the program links, for Ed25519 in the re-signing tests).
"""

import ctypes
import ctypes.util
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from vstest import BINARY, BUILD_ROOT, SOURCE_ROOT  # noqa: E402,F401

SET_ID, SET_VERSION = "fixture-set", "3"
# Labels with the characters the canonical form escapes (tab, newline,
# backslash, carriage return) and non-ASCII text.
LABELS = [("k%02d" % i, "Nyckelord %d" % i) for i in range(1, 13)]
LABELS[0] = ("k01", "Grön\tstad")
LABELS[1] = ("k02", "Rad ett\nrad två")
LABELS[2] = ("k03", "Bak\\snedstreck\r")
LABELS[3] = ("k04", "مدينة خضراء")


def run(*args, env=None, timeout=120):
    """The binary with args; text output; never raises on a non-zero exit."""
    return subprocess.run([BINARY] + [str(a) for a in args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)


def lines(text):
    return [l for l in text.splitlines() if l.strip()]


def iso(ms):
    import datetime
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def public_key(log):
    r = run("export", "--print-public-key", "--db", log)
    if r.returncode != 0:
        raise AssertionError("print-public-key: %s" % r.stderr)
    return r.stdout.strip()


def make_log(path, sessions=20, seed=1, cards=6, site="Fixture site", start_ms=None):
    """A kiosk log with `sessions` finished sessions (about one in six
    abandoned); returns the kiosk's public key (hex)."""
    open(path, "wb").close()
    key = public_key(path)
    add_sessions(path, sessions, seed, cards, site, start_ms)
    return key


def add_sessions(path, sessions, seed=1, cards=6, site="Fixture site", start_ms=None):
    rnd = random.Random(seed)
    db = sqlite3.connect(path)
    kiosk = db.execute("SELECT value FROM meta WHERE key = 'kiosk_id'").fetchone()[0]
    db.execute("INSERT OR IGNORE INTO keyword_sets VALUES (?, ?, ?, ?)",
               (SET_ID, SET_VERSION, len(LABELS), "2035-01-01T00:00:00.000Z"))
    for kid, label in LABELS:
        for lang, text in (("sv", label), ("en", label.upper())):
            db.execute("INSERT OR IGNORE INTO keywords VALUES (?, ?, ?, ?, ?)",
                       (SET_ID, SET_VERSION, kid, lang, text))
    t = start_ms if start_ms is not None else 2051222400000 + seed * 86400000
    for _ in range(sessions):
        sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        dealt = rnd.sample([k for k, _ in LABELS], cards)
        abandoned = rnd.random() < 1 / 6
        placed = rnd.randint(1, cards - 1) if abandoned else cards
        piles = {"yes": [], "no": [], "neutral": []}
        where = {}
        for k in dealt[:placed]:
            p = rnd.choice(("yes", "no", "neutral"))
            piles[p].insert(rnd.randint(0, len(piles[p])), k)
        for p, ks in piles.items():
            for rank, k in enumerate(ks, 1):
                where[k] = (p, rank)
        cur = db.execute(
            "INSERT INTO sessions(uuid, kiosk_id, site, set_id, set_version, language, "
            "started_at, ended_at, outcome, age_band, residence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sid, kiosk, site, SET_ID, SET_VERSION, rnd.choice(("sv", "en", "ar")), iso(t),
             iso(t + 45000), "abandoned" if abandoned else "completed",
             rnd.choice((None, "-15", "16-25", "26-45", "46-65", "66-")),
             rnd.choice((None, "city", "municipality", "visitor"))))
        for pos, k in enumerate(dealt):
            p, rank = where.get(k, (None, None))
            db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, ?)",
                       (cur.lastrowid, k, pos, p, rank))
        t += 60000
    db.commit()
    db.close()


def copy_log(src, dst):
    """The log and its key file, as a backup would copy them (no WAL: every
    connection to src is closed)."""
    shutil.copy2(src, dst)
    shutil.copy2(src + ".key", dst + ".key")


def log_sessions(path):
    """{uuid: (outcome, exported_at)} read with plain SQLite."""
    db = sqlite3.connect(path)
    try:
        return {u: (o, e) for u, o, e in
                db.execute("SELECT uuid, outcome, exported_at FROM sessions")}
    finally:
        db.close()


def integrity(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def export_uuids(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return {r[0] for r in db.execute("SELECT uuid FROM sessions")}
    finally:
        db.close()


def new_tally(path, *keys):
    for key in keys:
        r = run("tally", "--tally", path, "--trust", key)
        if r.returncode != 0:
            raise AssertionError("trust: %s" % r.stderr)
    return path


def tally_csv(path):
    r = run("tally", "--tally", path, "--csv")
    if r.returncode != 0:
        raise AssertionError("tally --csv: %s" % r.stderr)
    return r.stdout


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# -- the export format, read independently of the C code ---------------------

def _enc(v):
    if v is None:
        return b"\\N"
    if isinstance(v, int):
        return str(v).encode()
    if isinstance(v, str):
        return (v.encode("utf-8").replace(b"\\", b"\\\\").replace(b"\t", b"\\t")
                .replace(b"\n", b"\\n").replace(b"\r", b"\\r"))
    raise ValueError("a value the format does not have: %r" % (v,))


CANON_TABLES = (
    ("keywords", "set_id, set_version, keyword_id, lang, label",
     "set_id, set_version, keyword_id, lang"),
    ("sessions", "uuid, kiosk_id, site, set_id, set_version, language, started_at, "
     "ended_at, outcome, age_band, residence", "uuid"),
    ("cards", "session_uuid, keyword_id, deal_pos, pile, rank", "session_uuid, keyword_id"),
)


def content_sha256(db):
    """docs/export-format.md "Canonical content", from an open connection."""
    h = hashlib.sha256()
    for table, cols, order in CANON_TABLES:
        h.update(b"#" + table.encode() + b"\n")
        order = ", ".join(c.strip() + " COLLATE BINARY" for c in order.split(","))
        for row in db.execute("SELECT %s FROM %s ORDER BY %s" % (cols, table, order)):
            h.update(b"\t".join(_enc(v) for v in row) + b"\n")
    return h.hexdigest()


def signed_message(db):
    rows = db.execute("SELECT key, value FROM manifest WHERE key <> 'signature'").fetchall()
    rows.sort(key=lambda kv: kv[0].encode())
    return b"visionsort-export\n" + b"".join(
        ("%s=%s\n" % (k, v)).encode() for k, v in rows)


class Sodium:
    """Ed25519 from the system's libsodium."""

    def __init__(self):
        name = ctypes.util.find_library("sodium") or "libsodium.so.23"
        self.lib = ctypes.CDLL(name)
        if self.lib.sodium_init() < 0:
            raise OSError("sodium_init failed")

    def keypair(self):
        pk, sk = ctypes.create_string_buffer(32), ctypes.create_string_buffer(64)
        self.lib.crypto_sign_keypair(pk, sk)
        return pk.raw, sk.raw

    def sign(self, msg, sk):
        sig = ctypes.create_string_buffer(64)
        self.lib.crypto_sign_detached(sig, None, msg, ctypes.c_ulonglong(len(msg)), sk)
        return sig.raw


def read_secret_key(log):
    with open(log + ".key") as f:
        return bytes.fromhex(f.read().strip())
