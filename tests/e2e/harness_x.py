"""The private X server and the input the e2e tests send through it.

`XvfbServer` starts an Xvfb of its own for each test (tests run side by
side); `XInput` is the part of KioskHarness (harness.py) that finds the
kiosk's window and moves the pointer, presses keys with xdotool, and, since
xdotool has no touch, writes finger events to the kiosk's --touch-from-stdin.
"""

import os
import select
import shutil
import subprocess
import time

from harness_trace import HarnessError

# Tools without which the end-to-end tests cannot run at all (exit 77 = skip).
REQUIRED_TOOLS = ("Xvfb", "xdotool")


def missing_tools(names=REQUIRED_TOOLS):
    """The names among `names` that are not on PATH."""
    return [n for n in names if shutil.which(n) is None]


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

    def __init__(self, width, height, log_path, reset=True):
        self.width = width
        self.height = height
        self.log_path = log_path
        # Xvfb resets itself (keymap compiled again by xkbcomp, ...) each
        # time its last client leaves, which the next client waits for; a
        # real display (cage, a desktop) never does. reset=False keeps it.
        self.reset = reset
        self.proc = None
        self.display = None
        self._log = None

    def start(self, timeout=15.0):
        self._log = open(self.log_path, "wb")
        for n in range(self.FIRST_DISPLAY, self.LAST_DISPLAY + 1):
            if os.path.exists("/tmp/.X%d-lock" % n):
                continue  # taken for certain; saves starting a doomed server
            self._log.write(b"--- Xvfb :%d\n" % n)
            self._log.flush()
            rfd, wfd = os.pipe()
            try:
                proc = subprocess.Popen(
                    ["Xvfb", ":%d" % n, "-displayfd", str(wfd),
                     "-screen", "0", "%dx%dx24" % (self.width, self.height),
                     "-nolisten", "tcp"] + ([] if self.reset else ["-noreset"]),
                    stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                    pass_fds=(wfd,), env=self._server_env())
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
    def _server_env():
        """The test's environment without meson's MALLOC_PERTURB_: that
        exercises our code's frees, and in the X server it only tests Xorg."""
        return {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}

    @staticmethod
    def answers(display):
        """Whether a client can open `display` now (True when xdpyinfo, from
        x11-utils, is not there to ask)."""
        if shutil.which("xdpyinfo") is None:
            return True
        try:
            r = subprocess.run(["xdpyinfo", "-display", display], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=10)
        except subprocess.TimeoutExpired:
            return False
        return r.returncode == 0

    def describe(self):
        """The server's state and the end of its log, for failure messages."""
        if self.proc is None:
            return "--- Xvfb: not running"
        code = self.proc.poll()
        state = "running" if code is None else "exited with %s" % code
        if code is None:
            state += ", answers a client" if self.answers(self.display) else \
                ", does NOT answer a client"
        tail = []
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            # Only this server's lines: the log also holds the attempts that lost a display.
            tail = text[text.rfind("--- Xvfb %s\n" % self.display):].splitlines()[1:][-8:]
        except OSError:
            pass
        return "\n".join(["--- Xvfb %s: %s; its log %s ends:" % (self.display, state,
                                                                 self.log_path)] + tail)

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

class XInput:
    """The input half of KioskHarness: expects the harness's env, proc,
    window, width, height, touch, _focused_window and diagnostics()."""

    # -- window ------------------------------------------------------------

    def find_window(self, timeout=20.0):
        """The kiosk's window id.

        Polled rather than `search --sync` so that the wait is bounded and
        the fallback by name gets its turn. SDL may own more than one window
        (hidden helpers), so the one with the kiosk's size wins.
        """
        deadline = time.monotonic() + timeout
        retried = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if not retried and self._could_not_open_display():
                    # Not the kiosk's doing: the test's own X server failed it
                    # (CI saw this twice on a loaded machine). Once only, and
                    # said, so a kiosk that never opens a display still fails.
                    print("note: the kiosk could not open the test's display; %s\n"
                          "note: starting Xvfb and the kiosk again, once"
                          % self.xserver.describe().replace("\n", "\n  "))
                    retried = True
                    self.restart()
                    deadline = time.monotonic() + timeout
                    continue
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

    def _could_not_open_display(self):
        return "cannot open the display" in self.stderr_text()

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
