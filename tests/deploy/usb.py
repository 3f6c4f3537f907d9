#!/usr/bin/env python3
"""A USB stick on a stock kiosk appears in the staff menu and takes the export.

On a kiosk, udiskie (visionsort-usb.service) has udisks2 mount every stick
plugged in at /media/visionsort/LABEL. This test does what can be done
without a real stick, in a private mount namespace so that nothing outside
the test sees its mounts:

  stick   a filesystem image on a loop device (ext4, or vfat where the kernel
          has it), else a tmpfs, mounted at /media/visionsort/VSSTICK while
          the staff menu is already open, as the automounter would;
  udisks  when udisks2, polkit and D-Bus can be started privately here, the
          real chain: the installed polkit rule, udiskie with the installed
          unit's command line as the kiosk's account, and a loop device that
          account sets up through udisks2 (a plugged-in stick's stand-in).

Either way the staff menu must offer the stick by itself (no
VISIONSORT_DRIVES), export to it, and the export must import into a tally
that trusts the kiosk. Exit codes: 0 pass, 1 fail, 77 skip (not root, no
mount namespace, no Xvfb/xdotool).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
from harness import KioskHarness, need_x, run_test  # noqa: E402
import flow  # noqa: E402
from flow import Mouse, expect, log, scene_is, step  # noqa: E402
from staff import PIN, press_digits, sort_all_by_taps, write_config  # noqa: E402
import udisks  # noqa: E402

SKIP = 77
IN_NAMESPACE = "VS_USB_TEST_NAMESPACE"
MEDIA_USER = "visionsort"  # udisks2 mounts at /media/<user>/<label>
LABEL = "VSSTICK"


def sh(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=60, **kw)


def reexec_in_namespace():
    """Runs this script again in a private mount namespace; its exit code."""
    if os.geteuid() != 0:
        print("SKIP: needs root to mount (CI runs the tests as root)")
        return SKIP
    if shutil.which("unshare") is None:
        print("SKIP: unshare (util-linux) not installed")
        return SKIP
    probe = sh("unshare", "--mount", "--propagation", "private", "true")
    if probe.returncode != 0:
        print("SKIP: no private mount namespace here: %s" % probe.stderr.strip())
        return SKIP
    env = dict(os.environ, **{IN_NAMESPACE: "1"})
    return subprocess.run(["unshare", "--mount", "--propagation", "private",
                           sys.executable, os.path.abspath(__file__)] + sys.argv[1:],
                          env=env).returncode


def make_stick_image(work):
    """An image file with a filesystem labelled LABEL, and its type; or None."""
    image = os.path.join(work, "stick.img")
    with open(image, "wb") as f:
        f.truncate(32 * 1024 * 1024)
    have_vfat = "vfat" in open("/proc/filesystems").read()
    for fstype, mkfs in (("vfat", ["mkfs.vfat", "-n", LABEL]),
                         ("ext4", ["mkfs.ext4", "-q", "-L", LABEL])):
        if fstype == "vfat" and not have_vfat:
            continue
        if shutil.which(mkfs[0]) and sh(*mkfs, image).returncode == 0:
            return image, fstype
    return None, None


def mount_stick(work, mountpoint):
    """Mounts a stick at mountpoint as the automounter would; says what."""
    os.makedirs(mountpoint, exist_ok=True)
    image, fstype = make_stick_image(work)
    if image:
        r = sh("mount", "-o", "loop", image, mountpoint)
        if r.returncode == 0:
            return "%s on a loop device" % fstype
        log("loop mount failed (%s); a tmpfs stands in" % r.stderr.strip())
    r = sh("mount", "-t", "tmpfs", "-o", "size=16m", LABEL, mountpoint)
    expect(r.returncode == 0, "cannot mount a tmpfs at %s: %s" % (mountpoint, r.stderr))
    return "tmpfs"


def drive_ids(layout):
    return sorted(it["id"] for it in layout.items if it.get("id", "").startswith("drive:"))


def open_staff_menu(kh, inp):
    mark = kh.mark()
    kh.key("ctrl+alt+s")
    kh.wait_layout(scene_is("staff-pin"), timeout=5, after=mark, what="the PIN pad")
    press_digits(kh, inp, PIN)
    return step(kh, inp, "button:pin-ok", scene_is("staff"), "the staff menu", timeout=10)


def export_and_verify(kh, inp, binary, db, work, drive_path):
    """Taps the drive's button; returns the export file after importing it."""
    mark = kh.mark()
    inp.activate("drive:" + drive_path)
    exported = kh.wait_event("exported", timeout=20, after=mark)
    path = exported.get("file", "")
    expect(os.path.dirname(path) == drive_path and os.path.exists(path)
           and exported.get("sessions") == 1,
           "the export should hold the 1 saved visit on %s: %s" % (drive_path, exported), kh)
    key = sh(binary, "kiosk", "--print-public-key", "--db", db).stdout.strip()
    tally = os.path.join(work, "tally.db")
    trust = sh(binary, "tally", "--tally", tally, "--trust", key)
    expect(trust.returncode == 0, "trust failed: %r" % trust.stderr)
    imp = sh(binary, "import", "--tally", tally, path)
    expect(imp.returncode == 0 and re.search(r"\b1 added", imp.stdout),
           "the stick's export did not import as 1 visit: %r %r" % (imp.stdout, imp.stderr))
    return path


def run_case(binary, work, plug, unplug, what):
    """A visit, the staff menu opened with no stick, then plug(): the stick
    must appear by itself and take the export; unplug() takes it away."""
    db = os.path.join(work, "sessions.db")
    config = write_config(binary, work)
    trace = os.path.join(os.environ.get("VS_BUILD_ROOT", work), "tests", "output",
                         "deploy-usb-%s-trace.log" % what)
    with KioskHarness(binary, work, kiosk_args=["--config", config, "--db", db, "--seed", "5"],
                      trace_copy=trace) as kh:
        kh.find_window()
        inp = Mouse(kh)
        layout = flow.visit_to_sort(kh, inp, "sv")
        sort_all_by_taps(kh, inp, layout)
        flow.done_to_profile(kh, inp)
        menu = open_staff_menu(kh, inp)
        expect(drive_ids(menu) == [], "no stick is in yet, but the menu offers %s"
               % drive_ids(menu), kh)

        mark = kh.mark()
        t0 = time.monotonic()
        drive_path = plug()
        want = "drive:" + drive_path
        menu = kh.wait_layout(lambda l: l.scene == "staff" and want in drive_ids(l),
                              timeout=30, after=mark,
                              what="the staff menu offering %s by itself" % drive_path)
        log("%s: the open staff menu offered %s %.1f s after it was plugged in"
            % (what, drive_path, time.monotonic() - t0))
        path = export_and_verify(kh, inp, binary, db, work, drive_path)
        log("%s: exported %s, imported into a trusting tally" % (what, os.path.basename(path)))

        mark = kh.mark()
        unplug(drive_path)
        kh.wait_layout(lambda l: l.scene == "staff" and want not in drive_ids(l),
                       timeout=10, after=mark, what="the stick's button gone after unplugging")


def case_mountpoint(binary, work):
    mountpoint = os.path.join("/media", MEDIA_USER, LABEL)
    kind = []

    def plug():
        kind.append(mount_stick(work, mountpoint))
        log("stick: %s at %s" % (kind[0], mountpoint))
        return mountpoint

    def unplug(path):
        r = sh("umount", path)
        expect(r.returncode == 0, "umount %s: %s" % (path, r.stderr))
        os.rmdir(path)  # as udisks2 does with the folders it mounts on

    run_case(binary, work, plug, unplug, "mountpoint")


def main():
    need_x()
    if not os.environ.get(IN_NAMESPACE):
        return reexec_in_namespace()
    binary = os.environ["VISIONSORT"]
    os.environ.pop("VISIONSORT_DRIVES", None)  # the menu must find the stick itself
    # Only this namespace sees these mounts; they end with it.
    r = sh("mount", "-t", "tmpfs", "-o", "mode=0755", "vs-media", "/media")
    expect(r.returncode == 0, "cannot mount a private /media: %s" % r.stderr)

    work = tempfile.mkdtemp(prefix="vs-usb-mnt-")
    case_mountpoint(binary, work)

    work = tempfile.mkdtemp(prefix="vs-usb-udisks-")
    chain = udisks.Chain(work)
    reason = chain.start()
    if reason:
        log("udisks chain not tried: %s" % reason)
    else:
        try:
            run_case(binary, work, chain.plug, chain.unplug, "udisks")
        finally:
            chain.stop()
    return 0


if __name__ == "__main__":
    run_test(main, passed="PASS: USB sticks reach the staff menu and take the export")
