"""What the Python tests that run the built visionsort share: where the source tree, the
build and the binary are, a TestCase that gives each test a temporary folder of its own
and an environment without a display, and the main() a test file ends with.

The places come from VS_SOURCE_ROOT, VS_BUILD_ROOT and VISIONSORT, as meson sets them
(tests/meson.build), else this checkout and its build/. A test finds this module the way
tests/e2e finds harness.py:

    HERE = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
    import vstest  # noqa: E402

Only the Python standard library is used.
"""

import os
import subprocess
import sys
import tempfile
import unittest

SOURCE_ROOT = os.environ.get("VS_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_ROOT = os.environ.get("VS_BUILD_ROOT") or os.path.join(SOURCE_ROOT, "build")
BINARY = os.environ.get("VISIONSORT") or os.path.join(BUILD_ROOT, "visionsort")
SAMPLE = os.path.join(SOURCE_ROOT, "data", "norrkoping-2035-sample.tsv")
LANG_DIR = os.path.join(SOURCE_ROOT, "data", "lang")


class BinaryTestCase(unittest.TestCase):
    """Each test in a temporary folder of its own (self.tmp, named after TMP_PREFIX), with
    os.environ less DISPLAY and WAYLAND_DISPLAY (self.env): nothing run here may need a
    display. A subclass's setUp calls this one first."""

    TMP_PREFIX = "vs-test-"

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix=self.TMP_PREFIX)
        self.tmp = self._tmp.name
        self.env = dict(os.environ)
        self.env.pop("DISPLAY", None)
        self.env.pop("WAYLAND_DISPLAY", None)

    def tearDown(self):
        self._tmp.cleanup()

    def run_vs(self, *args, **options):
        """The binary with args, in self.tmp with self.env and a minute to finish; its
        output as text. Never raises on a non-zero exit. options go to subprocess.run
        (input, stdin, timeout, cwd ...) over these."""
        kw = dict(cwd=self.tmp, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                  timeout=60, text=True, encoding="utf-8", errors="replace")
        kw.update(options)
        return subprocess.run([BINARY] + list(args), **kw)

    def show(self, r):
        """The command's outputs, for assertion messages."""
        return "\n  exit %d\n  stdout: %r\n  stderr: %r" % (r.returncode, r.stdout, r.stderr)


def main():
    """Runs the calling file's tests (its arguments as unittest reads them: -k name ...);
    0 when all pass, 1 when one fails or there is no binary to test."""
    if not os.access(BINARY, os.X_OK):
        print("FAIL: no visionsort binary at %s" % BINARY)
        return 1
    result = unittest.main(argv=[sys.argv[0]] + sys.argv[1:], exit=False,
                           verbosity=2).result
    return 0 if result.wasSuccessful() else 1
