#!/usr/bin/env python3
"""`meson install` from a fresh build, as a municipality's IT person runs it.

Builds the source tree afresh in a temporary folder with a temporary
--prefix, installs with DESTDIR, and checks:

  - every installed file, and no other: binary, helper, data, fonts with
    their licences, assets, COPYING, the manual page, the documents and
    guides, the systemd units, sysusers.d, tmpfiles.d, the polkit rule and
    the sample configuration; copies equal their sources;
  - a second install keeps a kiosk.ini that was changed;
  - the installed binary, run in a private mount namespace where the install
    sits at its prefix and the source tree is hidden under an empty tmpfs,
    checks the installed configuration and keyword set and starts the kiosk
    (SDL's offscreen driver, asked for by name) on the installed data; so
    does the binary run from DESTDIR;
  - a copy of the binary with no data beside it fails with one line naming
    where the data should be (a silent fallback to the source tree, which
    would work here and on no kiosk, fails this);
  - visionsort(1) passes `mandoc -T lint` and names every subcommand, every
    option of every `--help` and every environment variable the code reads;
  - `systemd-analyze verify` accepts both units; systemd-sysusers and
    systemd-tmpfiles accept their files (in a scratch root).

Exit codes: 0 pass, 1 fail, 77 skip (no private mount namespace here).
"""

import filecmp
import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import unittest

SOURCE_ROOT = os.environ["VS_SOURCE_ROOT"]
IN_NAMESPACE = "VS_INSTALL_TEST_PHASE"
SKIP = 77


def sh(cmd, env=None, cwd=None, timeout=900, stdin=subprocess.DEVNULL):
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, stdin=stdin)


def show(r):
    return "\n  $ %s\n  exit %s\n  stdout: %s\n  stderr: %s" % (
        " ".join(map(str, r.args)), r.returncode, r.stdout[-1500:], r.stderr[-1500:])


def source_files(folder):
    """Files under SOURCE_ROOT/folder, relative to it."""
    top = os.path.join(SOURCE_ROOT, folder)
    out = set()
    for d, _, files in os.walk(top):
        for f in files:
            out.add(os.path.relpath(os.path.join(d, f), top))
    return out


def unit_values(path):
    """{key: [values]} of a unit file."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith(("#", ";", "[")):
                k, v = line.split("=", 1)
                values.setdefault(k, []).append(v)
    return values


def kiosk_starts(binary, work, config):
    """Starts the kiosk on SDL's offscreen driver; its first line and exit."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "VISIONSORT_DATADIR")}
    env["SDL_VIDEODRIVER"] = "offscreen"
    env["XDG_DATA_HOME"] = os.path.join(work, "xdg")
    db = os.path.join(work, "kiosk-%d.db" % len(os.listdir(work)))
    p = subprocess.Popen([binary, "kiosk", "--windowed", "800x600", "--trace-layout",
                          "--config", config, "--db", db],
                         env=env, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        first = p.stdout.readline()
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
    return first, p.returncode, err


class Installed(unittest.TestCase):
    """One fresh build and install for all checks (setUpClass)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vs-install-")
        os.chmod(cls.tmp, 0o755)
        cls.prefix = os.path.join(cls.tmp, "prefix")  # empty: a mount point later
        cls.dest = os.path.join(cls.tmp, "dest")
        cls.build = os.path.join(cls.tmp, "build")
        os.makedirs(cls.prefix)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MESON")}
        r = sh(["meson", "setup", cls.build, SOURCE_ROOT, "--prefix", cls.prefix,
                "-Dtests=disabled", "--buildtype=debugoptimized"], env=env)
        assert r.returncode == 0, "meson setup failed" + show(r)
        r = sh(["meson", "compile", "-C", cls.build], env=env)
        assert r.returncode == 0, "meson compile failed" + show(r)
        cls.install_env = dict(env, DESTDIR=cls.dest)
        r = sh(["meson", "install", "-C", cls.build, "--no-rebuild"], env=cls.install_env)
        assert r.returncode == 0, "meson install failed" + show(r)
        cls.root = cls.dest + cls.prefix  # where DESTDIR put the prefix

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def at(self, rel):
        return os.path.join(self.root, rel)

    # -- the files ---------------------------------------------------------

    def expected(self):
        """{installed path relative to the prefix: its source, or None}."""
        want = {
            "bin/visionsort": None,
            "libexec/visionsort-cage": "deploy/visionsort-cage",
            "etc/visionsort/kiosk.ini": "deploy/kiosk.ini",
            "etc/polkit-1/rules.d/50-visionsort-udisks.rules":
                "deploy/50-visionsort-udisks.rules",
            "lib/systemd/system/visionsort.service": None,
            "lib/systemd/system/visionsort-usb.service": None,
            "lib/sysusers.d/visionsort.conf": "deploy/visionsort.sysusers",
            "lib/tmpfiles.d/visionsort.conf": None,
            "share/man/man1/visionsort.1": "docs/visionsort.1",
            "share/doc/visionsort/COPYING": "COPYING",
            "share/doc/visionsort/README.md": "README.md",
        }
        for rel in source_files("docs"):
            if rel != "visionsort.1":
                want["share/doc/visionsort/" + rel] = "docs/" + rel
        for folder in ("data", "fonts", "assets"):
            for rel in source_files(folder):
                want["share/visionsort/%s/%s" % (folder, rel)] = folder + "/" + rel
        return want

    def test_every_file_installed_and_no_other(self):
        installed = set()
        for d, _, files in os.walk(self.dest):
            for f in files:
                installed.add(os.path.relpath(os.path.join(d, f), self.root))
        want = self.expected()
        self.assertEqual(sorted(set(want) - installed), [], "not installed")
        self.assertEqual(sorted(installed - set(want)), [], "installed but not expected")
        for rel, src in want.items():
            if src:
                self.assertTrue(filecmp.cmp(self.at(rel), os.path.join(SOURCE_ROOT, src),
                                            shallow=False), "%s differs from %s" % (rel, src))

    def test_modes(self):
        for rel in ("bin/visionsort", "libexec/visionsort-cage"):
            self.assertTrue(os.stat(self.at(rel)).st_mode & stat.S_IXOTH, rel + " not executable")
        mode = stat.S_IMODE(os.stat(self.at("etc/visionsort/kiosk.ini")).st_mode)
        self.assertEqual(mode, 0o640, "kiosk.ini holds the PIN's hash: not world-readable")

    def test_licences(self):
        with open(self.at("share/doc/visionsort/COPYING"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("GNU GENERAL PUBLIC LICENSE", text)
        self.assertIn("Version 3, 29 June 2007", text)
        debian = "/usr/share/common-licenses/GPL-3"
        if os.path.exists(debian):
            self.assertTrue(filecmp.cmp(self.at("share/doc/visionsort/COPYING"), debian,
                                        shallow=False), "COPYING is not the GPL-3 text")
        with open(os.path.join(SOURCE_ROOT, "meson.build"), encoding="utf-8") as f:
            self.assertIn("GPL-3.0-or-later", f.read())
        with open(self.at("share/visionsort/fonts/COPYRIGHT.debian"), encoding="utf-8") as f:
            self.assertIn("SIL OPEN FONT LICENSE", f.read().upper())

    def test_unit_runs_the_installed_kiosk_under_cage(self):
        u = unit_values(self.at("lib/systemd/system/visionsort.service"))
        argv = shlex.split(u["ExecStart"][0])
        self.assertEqual(argv[:3], [self.prefix + "/libexec/visionsort-cage",
                                    self.prefix + "/bin/visionsort", "kiosk"])
        self.assertIn("--config", argv)
        self.assertEqual(argv[argv.index("--config") + 1],
                         self.prefix + "/etc/visionsort/kiosk.ini")
        self.assertEqual(argv[argv.index("--db") + 1], "%S/visionsort/sessions.db")
        for key, value in (("User", "visionsort"), ("Restart", "always"),
                           ("RestartPreventExitStatus", "3"), ("StateDirectory", "visionsort"),
                           ("TTYPath", "/dev/tty1"), ("PAMName", "login")):
            self.assertEqual(u.get(key), [value], key)
        usb = unit_values(self.at("lib/systemd/system/visionsort-usb.service"))
        self.assertEqual(usb.get("User"), ["visionsort"])
        self.assertIn("--automount", usb["ExecStart"][0])

    def test_reinstall_keeps_the_kiosks_configuration(self):
        path = self.at("etc/visionsort/kiosk.ini")
        self.addCleanup(shutil.copy, os.path.join(SOURCE_ROOT, "deploy", "kiosk.ini"), path)
        with open(path, "a", encoding="utf-8") as f:
            f.write("; changed at the site\n")
        r = sh(["meson", "install", "-C", self.build, "--no-rebuild"], env=self.install_env)
        self.assertEqual(r.returncode, 0, show(r))
        with open(path, encoding="utf-8") as f:
            self.assertTrue(f.read().endswith("; changed at the site\n"),
                            "a reinstall overwrote kiosk.ini")

    # -- the manual page -----------------------------------------------------

    def test_man_page_lints(self):
        if shutil.which("mandoc") is None:
            self.skipTest("mandoc not installed")
        r = sh(["mandoc", "-T", "lint", self.at("share/man/man1/visionsort.1")])
        # Whether another package's page is installed says nothing of ours.
        bad = [l for l in (r.stdout + r.stderr).splitlines()
               if l.strip() and "referenced manual not found" not in l
               and "outdated mandoc.db" not in l]
        self.assertEqual(bad, [], show(r))

    def test_man_page_covers_every_command_option_and_variable(self):
        if shutil.which("mandoc") is None:
            self.skipTest("mandoc not installed")
        r = sh(["mandoc", "-T", "ascii", self.at("share/man/man1/visionsort.1")])
        self.assertEqual(r.returncode, 0, show(r))
        text = re.sub(r".\x08", "", r.stdout)  # bold and underline overstrikes
        binary = self.at("bin/visionsort")
        overview = sh([binary, "--help"]).stdout
        commands = re.findall(r"^  ([a-z]+) ", overview, re.M)
        self.assertGreaterEqual(len(commands), 7, overview)
        missing = []
        for cmd in commands:
            if not re.search(r"^   %s$" % cmd, text, re.M):
                missing.append("section for " + cmd)
            helptext = sh([binary, cmd, "--help"]).stdout
            for opt in sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", helptext))):
                if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(opt), text):
                    missing.append("%s %s" % (cmd, opt))
        variables = set()
        for d, _, files in os.walk(os.path.join(SOURCE_ROOT, "src")):
            for f in files:
                if f.endswith(".c"):
                    with open(os.path.join(d, f), encoding="utf-8") as src:
                        variables |= set(re.findall(r'getenv\("([A-Z_]+)"\)', src.read()))
        self.assertIn("VISIONSORT_DRIVES", variables)
        missing += ["environment " + v for v in sorted(variables) if v not in text]
        if "staff ended the kiosk" not in text:
            missing.append("exit status 3")
        self.assertEqual(missing, [], "visionsort(1) does not mention these")

    # -- the installed binary, away from the source tree ---------------------

    def test_binary_without_its_data_says_so(self):
        lonely = os.path.join(self.tmp, "lonely", "bin")
        os.makedirs(lonely)
        shutil.copy(self.at("bin/visionsort"), lonely)
        work = tempfile.mkdtemp(dir=self.tmp)
        first, code, err = kiosk_starts(os.path.join(lonely, "visionsort"), work,
                                        os.path.join(SOURCE_ROOT, "data", "kiosk.example.ini"))
        lines = [l for l in err.splitlines() if l.strip()]
        self.assertNotEqual(code, 0, "ran with no data installed (the source tree's?): %r"
                            % first)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(self.prefix + "/share/visionsort", lines[0])

    def test_installed_binary_away_from_the_source_tree(self):
        probe = sh(["unshare", "--mount", "--propagation", "private", "true"])
        if probe.returncode != 0 or os.geteuid() != 0:
            self.skipTest("needs root and a private mount namespace: %s" % probe.stderr.strip())
        env = dict(os.environ, **{IN_NAMESPACE: "1", "VS_INSTALL_PREFIX": self.prefix,
                                  "VS_INSTALL_DEST": self.dest, "VS_INSTALL_TMP": self.tmp})
        r = sh(["unshare", "--mount", "--propagation", "private", sys.executable,
                os.path.abspath(__file__)], env=env)
        sys.stdout.write(r.stdout)
        self.assertEqual(r.returncode, 0, "in the namespace:" + show(r))

    # -- systemd's own checks ------------------------------------------------

    def test_sysusers_and_tmpfiles(self):
        for tool in ("systemd-sysusers", "systemd-tmpfiles"):
            if shutil.which(tool) is None:
                self.skipTest(tool + " not installed")
        sysroot = os.path.join(self.tmp, "sysroot")
        os.makedirs(os.path.join(sysroot, "etc"))
        r = sh(["systemd-sysusers", "--root", sysroot, self.at("lib/sysusers.d/visionsort.conf")])
        self.assertEqual(r.returncode, 0, show(r))
        with open(os.path.join(sysroot, "etc", "passwd"), encoding="utf-8") as f:
            user = [l for l in f if l.startswith("visionsort:")]
        self.assertEqual(len(user), 1)
        self.assertIn(":/var/lib/visionsort:/usr/sbin/nologin", user[0])
        conf = os.path.join(sysroot + self.prefix, "etc", "visionsort")
        os.makedirs(conf)
        shutil.copy(self.at("etc/visionsort/kiosk.ini"), conf)
        r = sh(["systemd-tmpfiles", "--root", sysroot, "--create",
                self.at("lib/tmpfiles.d/visionsort.conf")])
        self.assertEqual(r.returncode, 0, show(r))
        uid, gid = int(user[0].split(":")[2]), int(user[0].split(":")[3])
        for path, want in ((conf, (0o750, 0, gid)),
                           (os.path.join(conf, "kiosk.ini"), (0o640, 0, gid)),
                           (os.path.join(sysroot, "var/lib/visionsort"), (0o700, uid, gid))):
            st = os.stat(path)
            self.assertEqual((stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid), want, path)


def in_namespace():
    """Phase two, in a private mount namespace: the install at its prefix,
    the source tree hidden."""
    prefix = os.environ["VS_INSTALL_PREFIX"]
    dest = os.environ["VS_INSTALL_DEST"]
    tmp = os.environ["VS_INSTALL_TMP"]
    problems = []

    def check(cond, what):
        if not cond:
            problems.append(what)

    for cmd in (["mount", "-t", "tmpfs", "-o", "size=1m", "vs-hidden-source", SOURCE_ROOT],
                ["mount", "--bind", dest + prefix, prefix]):
        r = sh(cmd)
        if r.returncode != 0:
            print("cannot set up the namespace" + show(r))
            return 1
    check(os.listdir(SOURCE_ROOT) == [], "the source tree is still visible")
    binary = prefix + "/bin/visionsort"
    config = prefix + "/etc/visionsort/kiosk.ini"
    r = sh([binary, "check", config])
    check(r.returncode == 0 and r.stdout.startswith("ok: config"),
          "the installed kiosk.ini does not check" + show(r))
    r = sh([binary, "check", prefix + "/share/visionsort/data/norrkoping-2035-sample.tsv"])
    check(r.returncode == 0 and r.stdout.startswith("ok:"), "the sample set" + show(r))
    work = tempfile.mkdtemp(dir=tmp)
    for b in (binary, dest + prefix + "/bin/visionsort"):
        first, code, err = kiosk_starts(b, work, config)
        check('"scene":"attract"' in first and code == 0,
              "%s did not start on the installed data: %r exit %s %s" % (b, first, code, err))
    if shutil.which("systemd-analyze"):
        units = [prefix + "/lib/systemd/system/" + u
                 for u in ("visionsort.service", "visionsort-usb.service")]
        # verify also opens each Documentation= man page.
        env = dict(os.environ, MANPATH=prefix + "/share/man:/usr/share/man")
        r = sh(["systemd-analyze", "verify"] + units, env=env)
        check(r.returncode == 0 and not (r.stdout + r.stderr).strip(),
              "systemd-analyze verify" + show(r))
        print("systemd-analyze verify: %s" % ("ok" if r.returncode == 0 else "FAILED"))
    else:
        problems.append("systemd-analyze is not installed (package systemd)")
    r = sh(["sh", "-n", prefix + "/libexec/visionsort-cage"])
    check(r.returncode == 0, "visionsort-cage" + show(r))
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    if os.environ.get(IN_NAMESPACE):
        sys.exit(in_namespace())
    result = unittest.main(verbosity=2, exit=False).result
    if not result.wasSuccessful():
        sys.exit(1)
    sys.exit(SKIP if result.skipped and not result.testsRun - len(result.skipped) else 0)
