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

import os
import shutil
import signal
import subprocess
import threading
import sys
import traceback

# The tests import all of it from here, so that where a piece lives (the X
# server and input in harness_x.py, the trace in harness_trace.py) is this
# folder's business only.
from harness_trace import HarnessError, Layout, TraceReader, card_id, keyword_of, summarize  # noqa: F401
from harness_x import REQUIRED_TOOLS, XInput, XvfbServer, missing_tools  # noqa: F401
from pipeline_common import locate


# --------------------------------------------------------------------------
# The kiosk under test


class KioskHarness(TraceReader, XInput):
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

    def restart(self):
        """The kiosk and its X server stopped and started afresh, for a
        kiosk that could not open the display at all (find_window). The
        first attempt's stderr is kept beside the new one."""
        self.stop(check=False)
        try:
            os.replace(self.stderr_path, self.stderr_path + ".first")
        except OSError:
            pass
        with self._cond:
            self._lines = []
            self._eof = False
        self.bad_lines = []
        self.exit_code = None
        self._focused_window = False
        return self.start()

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
        if self.proc is not None and self.proc.poll() is not None:
            parts.append(self.xserver.describe())
        return "\n".join(parts)

class Skip(Exception):
    """The test cannot run on this machine: run_test says why and exits 77."""


def need_x():
    """Skip unless the X tools every e2e test drives the kiosk with are here."""
    missing = missing_tools()
    if missing:
        raise Skip("not installed: " + ", ".join(missing))


def e2e_paths(output_sub=""):
    """(binary, source root, build root, output folder) of an e2e test, after
    need_x(); the output folder (build/tests/output[/output_sub]) exists."""
    need_x()
    binary, source, build = locate()
    out_dir = os.path.join(build, "tests", "output", *([output_sub] if output_sub else []))
    os.makedirs(out_dir, exist_ok=True)
    return binary, source, build, out_dir


def run_test(main, passed=None):
    """Runs a test's main() and exits with its code: a failed check (any
    AssertionError, HarnessError included) prints its message and exits 1;
    Skip prints its reason and exits 77; anything else is a bug in the test
    itself, shown with its traceback."""
    try:
        code = main()
    except Skip as e:
        print("SKIP: %s" % e, flush=True)
        code = 77
    except AssertionError as e:
        print("FAIL: %s" % e, flush=True)
        code = 1
    except Exception:
        traceback.print_exc()
        code = 1
    if code == 0 and passed:
        print(passed, flush=True)
    sys.exit(code)
