#!/usr/bin/env python3
"""End-to-end: Somali, which espeak-ng has no voice for, spoken from recordings that the
language file ([audio]) and the keyword set (an audio:so column) name.

A data folder of the test's own (VISIONSORT_DATADIR) holds so.ini naming a recording of the
question, and a copy of the sample set naming one for every other keyword. In the sort scene
in Somali the question and exactly the cards with a recording have a speaker button; the
piles, with none, have none (hidden, not broken). A tap on the question's speaker and on a
card's plays the recording: a speech line with "source":"recorded" in so, and sound in SDL's
disk-audio capture at its frame.

Exit codes: 0 pass, 1 fail, 77 skip.
"""

import os
import shutil
import struct
import sys
import tempfile
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402
from speech import capture, rms, SOUND_RMS, WINDOW  # noqa: E402

WIDTH, HEIGHT = 1920, 1080


def write_wav(path, seconds=0.8, rate=22050):
    """A buzz as loud as speech, for the capture to find."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", 9000 if (i // 25) % 2 else -9000)
                               for i in range(int(seconds * rate))))


def make_data(source, data):
    """The bundled data with Somali recordings named; the keywords recorded, by id."""
    shutil.copytree(os.path.join(source, "data"), os.path.join(data, "data"))
    shutil.copytree(os.path.join(source, "assets"), os.path.join(data, "assets"))
    os.symlink(os.path.join(source, "fonts"), os.path.join(data, "fonts"))
    write_wav(os.path.join(data, "assets", "inspelat", "su-aal.wav"))
    with open(os.path.join(data, "data", "lang", "so.ini"), "a", encoding="utf-8") as f:
        f.write("\n[audio]\nsort.title = inspelat/su-aal.wav\n")
    path = os.path.join(data, "data", "norrkoping-2035-sample.tsv")
    with open(path, encoding="utf-8") as f:
        rows = f.read().split("\n")
    head = next(i for i, row in enumerate(rows) if row.startswith("id\t"))
    rows[head] += "\taudio:so"
    recorded = set()
    for i in range(head + 1, len(rows)):
        if not rows[i]:
            continue
        kw = rows[i].split("\t")[0]
        if (i - head) % 2:
            write_wav(os.path.join(data, "assets", "inspelat", kw + ".wav"))
            rows[i] += "\tinspelat/%s.wav" % kw
            recorded.add(kw)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows))
    return recorded


def run(binary, source, work, out_dir):
    data = os.path.join(work, "share")
    recorded = make_data(source, data)
    cap = os.path.join(work, "capture.raw")
    config = os.path.join(work, "kiosk.ini")
    with open(config, "w", encoding="utf-8") as f:
        f.write("[kiosk]\nlanguages = sv,en,ar,so\n")
    env = {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": cap, "VISIONSORT_DATADIR": data}
    kh = KioskHarness(binary, work, WIDTH, HEIGHT, env=env,
                      kiosk_args=["--db", os.path.join(work, "k.db"), "--seed", "4",
                                  "--config", config, "--idle-seconds", "600"],
                      trace_copy=os.path.join(out_dir, "e2e-speech-recorded-trace.log"))
    heard = []
    with kh:
        inp = flow.Mouse(kh)
        kh.wait_scene("attract", timeout=30)
        flow.step(kh, inp, "button:start", flow.scene_is("language"), "language")
        flow.step(kh, inp, "lang:so", flow.scene_is("intro"), "intro in so")
        layout = flow.step(kh, inp, "button:start", flow.scene_is("sort"), "sort in so")
        kh.settle()
        layout = kh.latest_layout()
        speakers = {it["id"][len("speak:"):] for it in layout.items
                    if it.get("role") == "speaker"}
        cards = layout.card_ids()
        want = {c for c in cards if keyword_of(c) in recorded} | {"question"}
        expect(speakers == want, "speaker buttons on %s, not on what has a recording: %s"
               % (sorted(speakers), sorted(want)), kh)
        expect(cards and any(keyword_of(c) not in recorded for c in cards)
               and any(keyword_of(c) in recorded for c in cards),
               "the deal should hold cards with and without a recording: %s" % cards, kh)
        for target, text_id in [("question", "sort.title")] + [
                (c, "keyword." + keyword_of(c)) for c in cards if c in speakers][:1]:
            mark = kh.mark()
            kh.click(*layout.center("speak:" + target))
            ev = kh.wait_event("speech", after=mark, pred=lambda e: e.get("why") == "tap")
            expect(ev["id"] == text_id and ev["lang"] == "so" and ev["source"] == "recorded",
                   "the speaker on %s: %s" % (target, ev), kh)
            heard.append(ev)
            time.sleep(1.0)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)
    s = capture(cap)
    for ev in heard:
        level = rms(s, ev["frame"], ev["frame"] + int(WINDOW * ev["rate"]))
        expect(level >= SOUND_RMS, "%s: no sound at frame %d in the capture (rms %.0f)"
               % (ev["id"], ev["frame"], level))
    log("  so: %d speaker buttons, each on a text with a recording; %s heard from recordings"
        % (len(speakers), ", ".join(ev["id"] for ev in heard)))
    return 0


def main():
    binary, source, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-recorded-") as work:
        return run(binary, source, work, out_dir)


if __name__ == "__main__":
    run_test(main, "PASS: Somali spoken from the recordings its files name, buttons only there")
