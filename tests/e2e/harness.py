"""Drive the real visionsort kiosk under a private X server.

The kiosk is tested the way a visitor uses it: through pointer gestures on
its window, never through hooks in the program. What the test knows about
the screen comes from the kiosk's own `--trace-layout` lines (one JSON
object per line on stdout), so every coordinate the harness touches is one
the kiosk itself reported.

Typical use:

    with KioskHarness(binary, workdir, width=1920, height=1080,
                      kiosk_args=["--db", db, "--seed", "7"]) as kh:
        layout = kh.wait_scene("sort")
        kh.drag(layout.center("card:trygghet"), layout.center("zone:yes"))
        ...

Keys go through xdotool too (`key`, after `focus_window`: no window manager
runs under Xvfb). Touch cannot: with KioskHarness(..., touch=True) the kiosk
runs with --touch-from-stdin and `touch_down` / `touch_move` / `touch_up` /
`touch_drag` write finger events to its standard input.

Only the Python standard library is used; the X tools are Xvfb, xdotool,
xdpyinfo (optional) and ImageMagick's `import` (screenshots).
"""

import json
import os
import select
import shutil
import signal
import subprocess
import threading
import sys
import time
import traceback

# Tools without which the end-to-end tests cannot run at all (exit 77 = skip).
REQUIRED_TOOLS = ("Xvfb", "xdotool")


def missing_tools(names=REQUIRED_TOOLS):
    """The names among `names` that are not on PATH."""
    return [n for n in names if shutil.which(n) is None]


class HarnessError(AssertionError):
    """A test failure; the message carries the kiosk's recent output."""


# --------------------------------------------------------------------------
# Layout lines


class Layout:
    """One `{"scene":...,"items":[...]}` trace line, with lookups by id.

    Unknown items and keys are kept but never required, so the kiosk may add
    scenes, buttons and fields without breaking the tests.
    """

    def __init__(self, record, seq):
        self.record = record
        self.seq = seq  # position in the trace, for "newer than" checks
        self.t = record.get("t")
        self.scene = record.get("scene")
        self.w = record.get("w")
        self.h = record.get("h")
        self.items = record.get("items", [])
        self._by_id = {it.get("id"): it for it in self.items}

    def item(self, item_id):
        """The item with this id, or None."""
        return self._by_id.get(item_id)

    def require(self, item_id):
        it = self.item(item_id)
        if it is None:
            raise HarnessError("layout line %d has no item %r; ids: %s"
                               % (self.seq, item_id, sorted(self._by_id)))
        return it

    def cards(self):
        """All card items, in trace order."""
        return [it for it in self.items if it.get("role") == "card"]

    def card_ids(self):
        return [it["id"] for it in self.cards()]

    def pile(self, zone):
        """Card ids in `zone`, ordered by rank (the deck in trace order)."""
        cards = [it for it in self.cards() if it.get("zone") == zone]
        if zone != "deck":
            cards.sort(key=lambda it: it.get("rank", 0))
        return [it["id"] for it in cards]

    def placement(self):
        """{card id: (zone, rank or None)} for every card."""
        return {it["id"]: (it.get("zone"), it.get("rank"))
                for it in self.cards()}

    def done_enabled(self):
        return bool(self.require("button:done").get("enabled"))

    def rect(self, item_id):
        it = self.require(item_id)
        return it["x"], it["y"], it["w"], it["h"]

    def point_in(self, item_id, fx=0.5, fy=0.5):
        """A point inside an item at fractions (fx, fy) of its size."""
        x, y, w, h = self.rect(item_id)
        return int(x + w * fx), int(y + h * fy)

    def center(self, item_id):
        return self.point_in(item_id, 0.5, 0.5)


def card_id(keyword_id):
    return "card:" + keyword_id


def keyword_of(card_item_id):
    return card_item_id.split(":", 1)[1]


# --------------------------------------------------------------------------
# The X server


class XvfbServer:
    """A private Xvfb on the first display number from 90 up that it wins.

    Tests run side by side, so finding a number free and then starting a
    server on it is a race: two tests could both see :90 free, and the
    loser's kiosk talked to the winner's server until that one stopped (CI
    once failed with "x11 not available" this way). With -displayfd the
    server writes its number only once it holds the display's lock and
    socket; a server that lost the lock exits without writing, and we try
    the next number. A high start keeps us off a developer's real display.
    """

    FIRST_DISPLAY = 90
    LAST_DISPLAY = 199

    def __init__(self, width, height, log_path):
        self.width = width
        self.height = height
        self.log_path = log_path
        self.proc = None
        self.display = None
        self._log = None

    def start(self, timeout=15.0):
        self._log = open(self.log_path, "wb")
        for n in range(self.FIRST_DISPLAY, self.LAST_DISPLAY + 1):
            if os.path.exists("/tmp/.X%d-lock" % n):
                continue  # taken for certain; saves starting a doomed server
            rfd, wfd = os.pipe()
            try:
                proc = subprocess.Popen(
                    ["Xvfb", ":%d" % n, "-displayfd", str(wfd),
                     "-screen", "0", "%dx%dx24" % (self.width, self.height),
                     "-nolisten", "tcp"],
                    stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                    pass_fds=(wfd,))
            finally:
                os.close(wfd)
            try:
                number = self._read_display(rfd, proc, timeout)
            finally:
                os.close(rfd)
            if number == n:
                self.proc = proc
                self.display = ":%d" % n
                return self.display
            self._stop_proc(proc)
        raise HarnessError("could not start Xvfb on any display :%d..:%d (log %s)"
                           % (self.FIRST_DISPLAY, self.LAST_DISPLAY, self.log_path))

    @staticmethod
    def _read_display(rfd, proc, timeout):
        """The number the server writes once it accepts clients, or None if
        it died or said nothing in time."""
        deadline = time.monotonic() + timeout
        got = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([rfd], [], [], 0.1)
            if ready:
                chunk = os.read(rfd, 64)
                if not chunk:
                    break  # the server exited without naming a display
                got += chunk
                if got.endswith(b"\n"):
                    return int(got.strip())
            elif proc.poll() is not None:
                break
        return None

    @staticmethod
    def _stop_proc(proc):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self):
        if self.proc is not None:
            self._stop_proc(self.proc)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None


# --------------------------------------------------------------------------
# The kiosk under test


class KioskHarness:
    """Xvfb + one kiosk process + pointer input + trace reading.

    Use as a context manager: the kiosk and the X server are stopped on the
    way out whatever happened, so a failed test leaves no processes behind.
    """

    TRACE_TAIL = 15       # trace lines shown in a failure message
    STDERR_TAIL = 40      # kiosk stderr lines shown in a failure message

    def __init__(self, binary, workdir, width=1920, height=1080, kiosk_args=(),
                 env=None, trace_copy=None, touch=False):
        self.binary = binary
        self.workdir = workdir
        self.width = width
        self.height = height
        self.kiosk_args = list(kiosk_args)
        self.extra_env = dict(env or {})
        self.xserver = XvfbServer(width, height, os.path.join(workdir, "xvfb.log"))
        self.proc = None
        self.window = None
        self.stderr_path = os.path.join(workdir, "kiosk.stderr")
        self._stderr = None
        self._reader = None
        # Every trace line in order: (seq, raw text, parsed dict or None).
        self._lines = []
        self._cond = threading.Condition()
        self._eof = False
        self.bad_lines = []   # stdout lines that are not JSON objects
        self.exit_code = None
        # Where the whole trace and stderr are kept after stop(), for post-mortems.
        self.trace_copy = trace_copy
        # With touch, the kiosk runs with --touch-from-stdin and the harness
        # writes finger events to its stdin (see touch_down and friends).
        self.touch = touch
        self._focused_window = False

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop(check=False)
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop(check=False)
        return False

    def start(self):
        display = self.xserver.start()
        self.env = self._kiosk_env(display)
        cmd = [self.binary, "kiosk",
               "--windowed", "%dx%d" % (self.width, self.height),
               "--trace-layout"] + self.kiosk_args
        if self.touch:
            cmd.append("--touch-from-stdin")
        self.command = cmd
        self._stderr = open(self.stderr_path, "wb")
        # Line-buffered text pipe: the kiosk flushes each trace line at once,
        # and a reader thread keeps the pipe drained so the kiosk never blocks.
        self.proc = subprocess.Popen(cmd, cwd=self.workdir, env=self.env,
                                     stdin=subprocess.PIPE if self.touch else subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=self._stderr, text=True, encoding="utf-8",
                                     errors="replace", bufsize=1)
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        return self

    def _kiosk_env(self, display):
        env = dict(os.environ)
        env["DISPLAY"] = display
        # A developer's SDL_VIDEODRIVER=wayland/offscreen would bypass Xvfb.
        env["SDL_VIDEODRIVER"] = "x11"
        # Keep the kiosk's default paths inside the test's folder.
        env.setdefault("XDG_DATA_HOME", os.path.join(self.workdir, "xdg-data"))
        env.update(self.extra_env)
        return env

    def stop(self, check=True, timeout=15.0):
        """SIGTERM the kiosk (its normal shutdown), then stop Xvfb.

        Returns the kiosk's exit code. With check, a kiosk that does not exit
        in time is a failure (it is killed either way).
        """
        problem = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                problem = "kiosk did not exit within %.0f s of SIGTERM" % timeout
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None:
            self.exit_code = self.proc.returncode
            if self.proc.stdin is not None:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass  # the kiosk is gone; nothing left to tell it
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        self.xserver.stop()
        self._save_trace()
        if check and problem:
            raise HarnessError(problem + self.diagnostics())
        return self.exit_code

    # -- trace -------------------------------------------------------------

    def _read_stdout(self):
        for raw in self.proc.stdout:
            raw = raw.rstrip("\n")
            try:
                rec = json.loads(raw)
                if not isinstance(rec, dict):
                    raise ValueError("not an object")
            except ValueError:
                rec = None
                self.bad_lines.append(raw)
            with self._cond:
                self._lines.append((len(self._lines), raw, rec))
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def mark(self):
        """The trace position now; pass as `after` to wait for newer lines."""
        with self._cond:
            return len(self._lines)

    def _wait_record(self, pred, timeout, after, what):
        """The first parsed line at or after `after` for which pred holds."""
        deadline = time.monotonic() + timeout
        seq = after
        with self._cond:
            while True:
                while seq < len(self._lines):
                    _, _, rec = self._lines[seq]
                    seq += 1
                    if rec is not None:
                        hit = pred(rec, seq - 1)
                        if hit is not None and hit is not False:
                            return hit
                left = deadline - time.monotonic()
                if self._eof or left <= 0:
                    break
                self._cond.wait(left)
        if self._eof:
            try:
                code = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = "unknown: stdout closed, still running"
            raise HarnessError("kiosk exited (code %s) while waiting for %s"
                               % (code, what) + self.diagnostics())
        raise HarnessError("timed out after %.1f s waiting for %s"
                           % (timeout, what) + self.diagnostics())

    def wait_layout(self, pred=lambda layout: True, timeout=10.0, after=None,
                    what="a layout line"):
        """The first layout line (newer than `after`) for which pred holds."""
        after = 0 if after is None else after

        def match(rec, seq):
            if "items" not in rec:
                return None
            layout = Layout(rec, seq)
            return layout if pred(layout) else None
        return self._wait_record(match, timeout, after, what)

    def wait_scene(self, name, timeout=20.0, after=None):
        return self.wait_layout(lambda l: l.scene == name, timeout, after,
                                what="scene %r" % name)

    def wait_event(self, name, timeout=10.0, after=None, pred=lambda ev: True):
        """The first `{"event": name, ...}` line newer than `after`."""
        after = 0 if after is None else after

        def match(rec, seq):
            return rec if rec.get("event") == name and pred(rec) else None
        return self._wait_record(match, timeout, after, what="event %r" % name)

    def events_since(self, name, after):
        with self._cond:
            return [rec for _, _, rec in self._lines[after:]
                    if rec is not None and rec.get("event") == name]

    def latest_layout(self):
        """The newest layout line seen so far (the screen as it is now)."""
        with self._cond:
            for seq in range(len(self._lines) - 1, -1, -1):
                rec = self._lines[seq][2]
                if rec is not None and "items" in rec:
                    return Layout(rec, seq)
        raise HarnessError("no layout line yet" + self.diagnostics())

    def layouts(self, after=0):
        """Every layout line from trace position `after` on, oldest first."""
        with self._cond:
            return [Layout(rec, seq) for seq, _, rec in self._lines[after:]
                    if rec is not None and "items" in rec]

    def settle(self, quiet=0.15, timeout=5.0):
        """Wait until no trace line has arrived for `quiet` seconds.

        The next gesture must aim at where things are, not where they were a
        frame ago, should the kiosk ever re-flow in more than one step.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline:
                n = len(self._lines)
                self._cond.wait(quiet)
                if len(self._lines) == n:
                    return
        raise HarnessError("trace never went quiet" + self.diagnostics())

    def _save_trace(self):
        if not self.trace_copy:
            return
        os.makedirs(os.path.dirname(os.path.abspath(self.trace_copy)), exist_ok=True)
        with open(self.trace_copy, "w", encoding="utf-8") as f:
            f.write("# %s\n" % " ".join(getattr(self, "command", [self.binary])))
            f.write("# exit code %s\n" % self.exit_code)
            for line in self.trace_lines():
                f.write(line + "\n")
            f.write("# stderr:\n")
            for line in self.stderr_text().splitlines():
                f.write("# " + line + "\n")

    def trace_lines(self):
        with self._cond:
            return [raw for _, raw, _ in self._lines]

    # -- window ------------------------------------------------------------

    def find_window(self, timeout=20.0):
        """The kiosk's window id.

        Polled rather than `search --sync` so that the wait is bounded and
        the fallback by name gets its turn. SDL may own more than one window
        (hidden helpers), so the one with the kiosk's size wins.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HarnessError("kiosk exited (code %s) before showing a window"
                                   % self.proc.returncode + self.diagnostics())
            for args in (["--pid", str(self.proc.pid)], ["--name", "visionsort"]):
                for wid in self._xdotool_lines(["search", "--onlyvisible"] + args):
                    geo = self.window_geometry(wid)
                    if geo and geo[2:] == (self.width, self.height):
                        self.window = wid
                        return wid
            time.sleep(0.1)
        raise HarnessError("no %dx%d kiosk window found via xdotool search --pid/--name"
                           % (self.width, self.height) + self.diagnostics())

    def window_geometry(self, wid):
        """(x, y, w, h) of a window, or None if xdotool cannot tell."""
        r = self._xdotool(["getwindowgeometry", "--shell", str(wid)], check=False)
        if r.returncode != 0:
            return None
        vals = dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)
        try:
            return (int(vals["X"]), int(vals["Y"]), int(vals["WIDTH"]), int(vals["HEIGHT"]))
        except (KeyError, ValueError):
            return None

    # -- input ---------------------------------------------------------------

    def _xdotool(self, args, check=True):
        r = subprocess.run(["xdotool"] + args, env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=30)
        if check and r.returncode != 0:
            raise HarnessError("xdotool %s failed (%d): %s"
                               % (" ".join(args), r.returncode, r.stderr.strip())
                               + self.diagnostics())
        return r

    def _xdotool_lines(self, args):
        r = self._xdotool(args, check=False)
        return [s.strip() for s in r.stdout.splitlines() if s.strip()]

    def _window(self):
        return str(self.window if self.window is not None else self.find_window())

    def drag(self, start, end, steps=8, step_delay=0.01):
        """Press at `start`, move in `steps` steps, release at `end`."""
        self.press_and_move(start, end, steps, step_delay)
        self.release()

    def press_and_move(self, start, end, steps=8, step_delay=0.01):
        """The first half of a drag: press at `start`, move to `end`, hold.

        One xdotool process runs the whole gesture so the timing between
        events is xdotool's, not that of spawning processes. Intermediate
        moves make it a drag (not a tap) for any pointer-slop threshold.
        """
        wid = self._window()
        (x0, y0), (x1, y1) = start, end
        cmd = ["mousemove", "--window", wid, str(x0), str(y0),
               "sleep", "0.03", "mousedown", "1", "sleep", "0.03"]
        for i in range(1, steps + 1):
            x = round(x0 + (x1 - x0) * i / steps)
            y = round(y0 + (y1 - y0) * i / steps)
            cmd += ["mousemove", "--window", wid, str(x), str(y),
                    "sleep", "%.3f" % step_delay]
        self._xdotool(cmd)

    def release(self):
        """The end of a drag: let go where the pointer is."""
        self._xdotool(["sleep", "0.03", "mouseup", "1"])

    def click(self, x, y):
        wid = self._window()
        self._xdotool(["mousemove", "--window", wid, str(x), str(y), "sleep", "0.03",
                       "mousedown", "1", "sleep", "0.05", "mouseup", "1"])

    def focus_window(self):
        """Give the kiosk's window the keyboard focus (no window manager runs
        under Xvfb to do it), so that `key` reaches it without the pointer."""
        wid = self._window()
        self._xdotool(["windowfocus", wid])
        self._focused_window = True

    def key(self, *names, delay_ms=40):
        """Press and release keys as the keyboard would (XTEST), in order:
        xdotool names such as Tab, shift+Tab, Return, space, Left, Escape."""
        if not self._focused_window:
            self.focus_window()
        self._xdotool(["key", "--clearmodifiers", "--delay", str(delay_ms)] + list(names))

    # -- touch (the kiosk's --touch-from-stdin hook; xdotool has no touch) ---

    def touch_send(self, verb, finger, x, y):
        """One finger event: verb is down, move or up; window pixels."""
        if not self.touch:
            raise HarnessError("touch input needs KioskHarness(..., touch=True)")
        if self.proc.poll() is not None:
            raise HarnessError("kiosk exited (code %s) before a touch event"
                               % self.proc.returncode + self.diagnostics())
        self.proc.stdin.write("%s %d %d %d\n" % (verb, finger, int(x), int(y)))
        self.proc.stdin.flush()

    def touch_down(self, finger, point):
        self.touch_send("down", finger, *point)

    def touch_move(self, finger, start, end, steps=8, step_delay=0.01):
        """Slide a finger already down from `start` to `end` in steps."""
        (x0, y0), (x1, y1) = start, end
        for i in range(1, steps + 1):
            time.sleep(step_delay)
            self.touch_send("move", finger, round(x0 + (x1 - x0) * i / steps),
                            round(y0 + (y1 - y0) * i / steps))

    def touch_up(self, finger, point):
        self.touch_send("up", finger, *point)

    def touch_tap(self, point, finger=1):
        self.touch_down(finger, point)
        time.sleep(0.05)
        self.touch_up(finger, point)

    def touch_drag(self, start, end, finger=1, steps=8, step_delay=0.01):
        self.touch_down(finger, start)
        self.touch_move(finger, start, end, steps, step_delay)
        time.sleep(0.03)
        self.touch_up(finger, end)

    def park_pointer(self):
        """Move the pointer to a corner, off every card, zone and button."""
        self._xdotool(["mousemove", "--window", self._window(), "1", "1"])

    # -- evidence ------------------------------------------------------------

    def screenshot(self, path):
        """Save the whole screen (the window fills it) as an image file."""
        if shutil.which("import") is None:
            print("note: ImageMagick `import` not installed; no screenshot %s" % path)
            return None
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        r = subprocess.run(["import", "-window", "root", path], env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=60)
        if r.returncode != 0 or not os.path.exists(path):
            raise HarnessError("screenshot %s failed: %s" % (path, r.stderr.strip()))
        return path

    def stderr_text(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def diagnostics(self):
        """Recent trace lines and kiosk stderr, appended to failure messages."""
        parts = ["\n--- kiosk: %s" % " ".join(getattr(self, "command", [self.binary]))]
        if self.proc is not None and self.proc.poll() is not None:
            parts.append("--- kiosk exit code: %s" % self.proc.returncode)
        lines = self.trace_lines()
        parts.append("--- last %d of %d trace lines:" % (min(len(lines), self.TRACE_TAIL),
                                                        len(lines)))
        parts.extend(summarize(l) for l in lines[-self.TRACE_TAIL:])
        if self.trace_copy:
            parts.append("--- full trace: %s" % self.trace_copy)
        err = self.stderr_text().splitlines()
        parts.append("--- kiosk stderr (last %d of %d lines):"
                     % (min(len(err), self.STDERR_TAIL), len(err)))
        parts.extend(err[-self.STDERR_TAIL:])
        return "\n".join(parts)


def summarize(line, limit=600):
    """One trace line made readable: a layout as its piles, anything else raw."""
    try:
        rec = json.loads(line)
    except ValueError:
        rec = None
    if not isinstance(rec, dict) or "items" not in rec:
        return line if len(line) <= limit else line[:limit] + "...(%d chars)" % len(line)
    layout = Layout(rec, -1)
    parts = ["t=%s scene=%s %sx%s" % (layout.t, layout.scene, layout.w, layout.h)]
    for zone in ("deck", "yes", "no", "neutral"):
        ids = [keyword_of(c) for c in layout.pile(zone)]
        if ids:
            parts.append("%s[%s]" % (zone, ",".join(ids)))
    done = layout.item("button:done")
    if done is not None:
        parts.append("done=%s" % ("on" if done.get("enabled") else "off"))
    others = [it.get("id") for it in layout.items
              if it.get("role") not in ("card", "zone") and it.get("id") != "button:done"]
    if others:
        parts.append("other=%s" % ",".join(map(str, others)))
    return " ".join(parts)


def run_test(main, passed=None):
    """Runs a test's main() and exits with its code: a failed check (any
    AssertionError, HarnessError included) prints its message and exits 1;
    anything else is a bug in the test itself, shown with its traceback."""
    try:
        code = main()
    except AssertionError as e:
        print("FAIL: %s" % e, flush=True)
        code = 1
    except Exception:
        traceback.print_exc()
        code = 1
    if code == 0 and passed:
        print(passed, flush=True)
    sys.exit(code)
