"""udisks2 and udiskie as on a kiosk, started privately inside a test's mount
namespace: a system D-Bus, polkit with visionsort's rule, udisks2 (and udev
when the machine runs none), and udiskie with the command line of the
visionsort-usb.service this build installs, as the kiosk's account. A loop
device that account sets up through udisks2 stands in for a plugged-in stick.

Used by usb.py; every daemon is a child of the test and is ended by stop().
"""

import os
import shlex
import shutil
import subprocess
import time

SOURCE_ROOT = os.environ.get("VS_SOURCE_ROOT", "")
BUILD_ROOT = os.environ.get("VS_BUILD_ROOT", "")
ACCOUNT = "visionsort"
LABEL = "VSSTICK"
UDISKSD = "/usr/libexec/udisks2/udisksd"
POLKITD = "/usr/lib/polkit-1/polkitd"
UDEVD = "/lib/systemd/systemd-udevd"

# Only for the test: the account may set up the loop device that plays the
# stick (on a kiosk the kernel makes the device when a stick is plugged in).
LOOP_RULE = """polkit.addRule(function (action, subject) {
	if (subject.user === "%s" && (action.id === "org.freedesktop.udisks2.loop-setup" ||
	    action.id === "org.freedesktop.udisks2.loop-delete-others"))
		return polkit.Result.YES;
});
""" % ACCOUNT


def run(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=60, **kw)


def as_account(*cmd):
    return ["setpriv", "--reuid=" + ACCOUNT, "--regid=" + ACCOUNT, "--init-groups",
            "env", "-i", "PATH=/usr/bin:/bin", "HOME=/"] + list(cmd)


def unit_exec_start(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("ExecStart="):
                return shlex.split(line[len("ExecStart="):])
    raise AssertionError("%s has no ExecStart=" % path)


class Chain:

    def __init__(self, work):
        self.work = work
        self.procs = []  # (name, Popen), started in this order
        self.loop = None
        self.image = None
        self.made_run_udev = False  # /run is shared: leave no empty folder
        self.made_dev_disk = False  # nor udev's links in a /dev that had none

    def log(self, name):
        return open(os.path.join(self.work, name + ".log"), "wb")

    def spawn(self, name, cmd):
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log(name),
                             stderr=subprocess.STDOUT)
        self.procs.append((name, p))
        return p

    def has_name(self, name):
        r = run("dbus-send", "--system", "--print-reply", "--dest=org.freedesktop.DBus", "/",
                "org.freedesktop.DBus.NameHasOwner", "string:" + name)
        return r.returncode == 0 and "boolean true" in r.stdout

    def wait(self, what, cond, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():
                return True
            for name, p in self.procs:
                if p.poll() is not None:
                    return False
            time.sleep(0.2)
        return False

    def start(self):
        """None when the chain runs; else why it cannot run here."""
        unit = os.path.join(BUILD_ROOT, "deploy", "visionsort-usb.service")
        rule = os.path.join(SOURCE_ROOT, "deploy", "50-visionsort-udisks.rules")
        sysusers = os.path.join(SOURCE_ROOT, "deploy", "visionsort.sysusers")
        for tool in ("dbus-daemon", "dbus-send", "udisksctl", "setpriv", "systemd-sysusers",
                     UDISKSD, POLKITD):
            if shutil.which(tool) is None:
                return "%s is not installed" % tool
        udiskie = unit_exec_start(unit)
        if shutil.which(udiskie[0]) is None:
            return "%s (the unit's ExecStart) is not installed" % udiskie[0]
        if run("systemd-sysusers", sysusers).returncode != 0:
            return "cannot create the account %s" % ACCOUNT
        # Private copies of what the daemons share with the machine: this
        # namespace's own system bus and polkit rules.
        for d in ("/run/dbus", "/etc/polkit-1/rules.d"):
            os.makedirs(d, exist_ok=True)
            r = run("mount", "-t", "tmpfs", "-o", "mode=0755", "vs-usb", d)
            if r.returncode != 0:
                return "cannot mount a private %s: %s" % (d, r.stderr.strip())
        shutil.copy(rule, "/etc/polkit-1/rules.d/")
        with open("/etc/polkit-1/rules.d/40-visionsort-test-loop.rules", "w") as f:
            f.write(LOOP_RULE)
        if run("pgrep", "-x", "systemd-udevd").returncode != 0:
            # No udev on this machine (a container): ours, for this namespace.
            if not os.path.exists(UDEVD):
                return "no udev runs and %s is not installed" % UDEVD
            self.made_run_udev = not os.path.exists("/run/udev")
            self.made_dev_disk = not os.path.exists("/dev/disk")
            os.makedirs("/run/udev", exist_ok=True)
            r = run("mount", "-t", "tmpfs", "-o", "mode=0755", "vs-udev", "/run/udev")
            if r.returncode != 0:
                return "cannot mount a private /run/udev: %s" % r.stderr.strip()
            self.spawn("udevd", [UDEVD])
        self.spawn("dbus", ["dbus-daemon", "--system", "--nofork", "--nopidfile"])
        if not self.wait("the system bus", lambda: os.path.exists("/run/dbus/system_bus_socket")):
            return "the private system bus did not start (see %s/dbus.log)" % self.work
        self.spawn("polkitd", [POLKITD, "--no-debug"])
        if not self.wait("polkit", lambda: self.has_name("org.freedesktop.PolicyKit1")):
            return "polkitd did not start (see %s/polkitd.log)" % self.work
        self.spawn("udisksd", [UDISKSD])
        if not self.wait("udisks2", lambda: self.has_name("org.freedesktop.UDisks2")):
            return "udisksd did not start (see %s/udisksd.log)" % self.work
        self.spawn("udiskie", as_account(*udiskie))
        time.sleep(2)
        if self.procs[-1][1].poll() is not None:
            return "udiskie ended at once (see %s/udiskie.log)" % self.work
        return None

    def plug(self):
        """A stick appears; returns where the automounter mounted it."""
        stick_dir = os.path.join(self.work, "stick")  # the account opens the image
        os.makedirs(stick_dir, exist_ok=True)
        os.chmod(self.work, 0o755)
        shutil.chown(stick_dir, ACCOUNT)
        self.image = os.path.join(stick_dir, "stick.img")
        with open(self.image, "wb") as f:
            f.truncate(32 * 1024 * 1024)
        r = run("mkfs.ext4", "-q", "-L", LABEL, self.image)
        assert r.returncode == 0, "mkfs.ext4: %s" % r.stderr
        shutil.chown(self.image, ACCOUNT)
        r = run(*as_account("udisksctl", "loop-setup", "--no-user-interaction", "-f",
                            self.image))
        assert r.returncode == 0, "udisksctl loop-setup as %s: %s%s" % (ACCOUNT, r.stdout,
                                                                         r.stderr)
        self.loop = r.stdout.strip().rstrip(".").split()[-1]
        found = []

        def mounted():
            r = run("findmnt", "-n", "-o", "TARGET", "--source", self.loop)
            found[:] = r.stdout.split()
            return bool(found)
        if not self.wait("the mount", mounted, timeout=20):
            raise AssertionError("udiskie did not mount %s; udiskie.log: %s"
                                 % (self.loop, self.tail("udiskie")))
        # Where udisks2 mounts for this account: the staff menu must look there.
        assert os.path.dirname(found[0]) == os.path.join("/media", ACCOUNT), \
            "udisks2 mounted the stick at %s, not under /media/%s/" % (found[0], ACCOUNT)
        return found[0]

    def unplug(self, mountpoint):
        r = run(*as_account("udisksctl", "unmount", "--no-user-interaction", "-b", self.loop))
        assert r.returncode == 0, "udisksctl unmount: %s%s" % (r.stdout, r.stderr)
        run(*as_account("udisksctl", "loop-delete", "--no-user-interaction", "-b", self.loop))
        self.loop = None

    def tail(self, name, n=1500):
        try:
            with open(os.path.join(self.work, name + ".log"), "rb") as f:
                return f.read().decode("utf-8", "replace")[-n:]
        except OSError:
            return ""

    def stop(self):
        if self.loop:
            run("losetup", "-d", self.loop)
        if self.made_run_udev:
            # Our udevd keeps links in the machine's /dev/disk: let it remove
            # the stick's before it ends.
            run("udevadm", "settle", "--timeout=10")
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []
        if self.made_run_udev:
            run("umount", "/run/udev")
            os.rmdir("/run/udev")
        if self.made_dev_disk:
            shutil.rmtree("/dev/disk", ignore_errors=True)
