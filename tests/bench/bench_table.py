"""The kiosk benchmark's table (kiosk_bench.py): its rows from the
measurements, as Markdown, and the shape CI checks it has."""

from bench_kiosk import cpu_ms, draw_ms, frame_ms, median, pct


def table(results, args):
    rows = [("measure", "renderer", "size", "cards", "value", "floor (same run)", "ratio",
             "target")]

    def f(v, d=1):
        return "–" if v is None else ("%.*f" % (d, v))

    def trio(vs):
        return "%s / %s / %s" % (f(pct(vs, 50)), f(pct(vs, 99)), f(max(vs) if vs else None))

    for (renderer, size), r in results.items():
        sz = "%dx%d" % size
        big = size[0] * size[1] > 1920 * 1080
        for key, server in (("start_kept", "X server kept between clients, as a real "
                             "display"), ("start", "X server reset after each client"),
                            ("start_settled", "X server reset after each client, each start "
                             "once its reset is done")):
            if key not in r:
                continue
            kiosk, floor, phases = r[key]
            split = ""
            if phases:
                split = " (exec %s, window and log %s, first frame %s)" % tuple(
                    f(median([p[i] for p in phases]), 0) for i in range(3))
                voice = [p[3] for p in phases if p[3] is not None]
                if voice:
                    split += "; the voice opened %s ms after it" % f(median(voice), 0)
            # Starts alternate with the floor's: each pair's own ratio
            # leaves out the machine's drift over the run.
            pairs = sorted(k / fl for k, fl in zip(kiosk, floor))
            ratio = "–"
            if pairs:
                ratio = "%s× (%d pairs: median %s×, middle half %s–%s×)" % (
                    f(median(kiosk) / median(floor), 2), len(pairs), f(median(pairs), 2),
                    f(pct(pairs, 25), 2), f(pct(pairs, 75), 2))
            rows.append(("cold start to first layout, ms (median; %s)" % server, renderer,
                         sz, "12", f(median(kiosk), 0) + split,
                         f(median(floor), 0) + " bare SDL", ratio, "≤ 1.15×, ≤ 250 ms"))
        for cards in args.cards:
            c = r.get(cards)
            if not c:
                continue
            d, fl = c["drag"], c["floor"]
            ratio = "–"
            if d and fl:
                ratio = "%s / %s×" % (f(pct(d, 50) / pct(fl, 50), 2),
                                      f(pct(d, 99) / pct(fl, 99), 2))
            rows.append(("drag frame p50 / p99 / max, ms (%d frames)" % len(d), renderer, sz,
                         str(cards), trio(d), trio(fl) + " empty frame", ratio,
                         "p99 ≤ %s×" % ("2" if big else "1.3")))
            # What the present itself costs of a drag's frame (sending the
            # damage to the X server; with OpenGL also llvmpipe's drawing,
            # which happens at the swap): where a ratio misses its target,
            # this says whether the app's work or the present is the cause.
            pr = c.get("present", [])
            pv = [p for _, p in pr]
            slow = [(t, p) for t, p in pr if d and t >= pct(d, 99)]

            def share(fp):
                tot = sum(t for t, _ in fp)
                return "%.0f %%" % (100 * sum(p for _, p in fp) / tot) if tot else "–"
            rows.append(("present alone during a drag p50 / p99 / max, ms (its share of "
                         "the frame time: all frames; frames ≥ p99)", renderer, sz,
                         str(cards), "%s (%s; %s)" % (trio(pv), share(pr), share(slow)),
                         trio(fl) + " empty frame (clear + present)", "–", "–"))
            rows.append(("draw work alone p50 / p99 / max, ms: its CPU (its wall time)",
                         renderer, sz, str(cards),
                         "%s (%s)" % (trio(c.get("cpu", [])), trio(c["draw"])), "–", "–",
                         "p99 ≤ 2 ms"))
            rows.append(("drop frame p50 / max, ms (%d drops)" % len(c["drop"]), renderer,
                         sz, str(cards), "%s / %s" % (f(pct(c["drop"], 50)),
                                                      f(max(c["drop"]) if c["drop"] else None)),
                         "–", "–", "–"))
            ch = c.get("change", [])
            rows.append(("scene change frame p50 / max, ms (%d)" % len(ch), renderer, sz,
                         str(cards), "%s / %s" % (f(pct(ch, 50)), f(max(ch) if ch else None)),
                         "%s empty frame p50" % f(pct(fl, 50)),
                         "%s×" % f(pct(ch, 50) / pct(fl, 50), 2) if ch and fl else "–", "–"))
            for name, label, target in (("attract", "attract", "≤ 5 % at 30 fps"),
                                        ("still", "still sort scene", "0 %")):
                if c[name]:
                    cpu = median([v[0] for v in c[name]])
                    fps = median([v[1] for v in c[name]])
                    rows.append(("%s: CPU %% of a core, frames/s (%d s)"
                                 % (label, args.idle_seconds), renderer, sz, str(cards),
                                 "%s %%, %s fps" % (f(cpu), f(fps)), "–", "–", target))
            if c["pss"]:
                ours = median([p[0] for p in c["pss"]]) / 1024
                gfx = median([p[1] for p in c["pss"]]) / 1024
                rows.append(("PSS showing cards, MB: ours / graphics stack", renderer, sz,
                             str(cards), "%s / %s" % (f(ours), f(gfx)), "–", "–",
                             "ours ≤ 20 MB"))
            store_rows(args, rows, renderer, sz, str(cards), c, pct(d, 99), "")
        s = r.get("slow")
        if s:
            d12 = r.get(args.cards[0], {}).get("drag", [])
            store_rows(args, rows, renderer, sz, str(args.cards[0]), s, pct(d12, 99),
                       ", fsync +%d ms" % args.slow_ms,
                       r.get(args.cards[0], {}).get("answers", []))
    return rows

def store_rows(args, rows, renderer, sz, cards, c, drag_p99, note, answers=None):
    def f(v):
        return "–" if v is None else "%.1f" % v
    saves = [s["done"] - s["begun"] for s in c["stores"] if s["kind"] == "save"]
    journals = [s["done"] - s["begun"] for s in c["stores"] if s["kind"] == "journal"]
    longest = max(c["during"]) if c["during"] else None
    worst = max(c.get("during_frames", []), key=frame_ms, default=None)
    split = ""
    if worst:
        # Its drawing is wall time; beside the thread's CPU time it tells
        # more work from the thread waiting for a core.
        split = " (its drawing %.1f on %.1f of CPU, its present %.1f; p50 of them %.1f)" % (
            draw_ms(worst), cpu_ms(worst), worst["present"], pct(c["during"], 50))
    if c["during"] and answers:
        over = len([v for v in c["during"] if drag_p99 and v > drag_p99])
        split += ("; over the drag p99: %d of %d; the same answers with no store running:"
                  " p50 / p99 / max %.1f / %.1f / %.1f (%d)"
                  % (over, len(c["during"]), pct(answers, 50), pct(answers, 99),
                     max(answers), len(answers)))
    rows.append(("save at Done p50 / p99, ms (%d)%s" % (len(saves), note), renderer, sz,
                 cards, "%s / %s" % (f(pct(saves, 50)), f(pct(saves, 99))), "–", "–",
                 "off the frame path"))
    rows.append(("journal after a drop p50 / p99, ms (%d)%s" % (len(journals), note),
                 renderer, sz, cards, "%s / %s" % (f(pct(journals, 50)), f(pct(journals, 99))),
                 "–", "–", "off the frame path"))
    # No frame drawn while a store ran is a result too: every store
    # ended between two frames.
    rows.append(("longest frame during a store, ms (%d frames)%s" % (len(c["during"]), note),
                 renderer, sz, cards, f(longest) + split if c["during"] else "none drawn",
                 f(drag_p99) + " drag p99",
                 "%.2f×" % (longest / drag_p99) if longest and drag_p99 else "–",
                 "≤ drag p99"))


def render_table(rows):
    out = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join("---" for _ in rows[0]) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


def check_shape(text, args):
    """The table as CI wants it: a header, and for every renderer measured a
    row of each measure with a number in its value column."""
    lines = [l for l in text.splitlines() if l.startswith("|")]
    problems = []
    if len(lines) < 3 or "measure" not in lines[0]:
        return ["no table header"]
    rows = [[c.strip() for c in l.strip("|").split("|")] for l in lines[2:]]
    for r in rows:
        if len(r) != 8:
            problems.append("row with %d cells: %s" % (len(r), r))
    renderers = {r[1] for r in rows if len(r) == 8}
    if not renderers:
        problems.append("no renderer measured")
    want = ("cold start", "drag frame", "present alone", "draw work", "drop frame",
            "scene change", "attract", "still sort",
            "PSS", "save at Done", "journal after a drop", "longest frame during a store")
    for ren in renderers:
        for w in want:
            hits = [r for r in rows if r[1] == ren and r[0].startswith(w)]
            if not hits:
                problems.append("%s: no row '%s'" % (ren, w))
            elif not any(ch.isdigit() for ch in hits[0][4]) and hits[0][4] != "none drawn":
                problems.append("%s: '%s' has no figure: %s" % (ren, w, hits[0][4]))
    return problems
