#!/usr/bin/env bash
# visionsort set-up: install missing Debian packages, build, then either start
# the kiosk or run the whole test suite.  See docs/SETUP.md.
#
#   tools/setup.sh kiosk [-- ARGS...]   build into build/, run `build/visionsort kiosk ARGS...`
#   tools/setup.sh test  [-- ARGS...]   build build-ci/ and build-asan/, run `meson test` in
#                                       both (ARGS, e.g. test names, go to meson test);
#                                       then, without ARGS, build build-fuzz/ with clang and
#                                       run each libFuzzer target for 30 s (tests/fuzz);
#                                       last line: "N passed, N failed[, N skipped]"
#
# Targets Debian 12 (bookworm).  Needs root (or sudo) only when packages are missing.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"

PKG_LIST=tools/debian-packages.txt
LSAN_SUPP=$ROOT/tools/lsan.supp

say() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'EOF'
usage: tools/setup.sh kiosk [-- ARGS...]   install, build, start the kiosk (fullscreen)
                                           e.g. tools/setup.sh kiosk -- --windowed 1280x720
       tools/setup.sh test  [-- ARGS...]   install, build, run all tests (normal + ASan/UBSan)
EOF
}

mode=${1:-}
case $mode in
  kiosk|test) shift ;;
  -h|--help|help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
if [[ ${1:-} == -- ]]; then shift; fi
extra_args=("$@")

# ---------------------------------------------------------------- packages --
# Print the packages of the given sections of $PKG_LIST, one per line.
packages_in() {
  local want=" $* " section='' line
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}
    line=${line//[[:space:]]/ }
    read -r line _ <<<"$line" || true
    [[ -z $line ]] && continue
    if [[ $line =~ ^\[(.*)\]$ ]]; then section=${BASH_REMATCH[1]}; continue; fi
    [[ $want == *" $section "* ]] && printf '%s\n' "$line"
  done <"$PKG_LIST"
}

ensure_packages() {
  local pkgs missing=() p
  mapfile -t pkgs < <(packages_in "$@")
  ((${#pkgs[@]})) || die "no packages found in $PKG_LIST"
  for p in "${pkgs[@]}"; do
    if [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) != installed ]]; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    say "all ${#pkgs[@]} Debian packages present"
    return
  fi
  if ((EUID != 0)); then
    say "missing Debian packages: ${missing[*]}"
    say "install them as root, then re-run this command:"
    printf '  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s\n' \
      "${missing[*]}" >&2
    exit 1
  fi
  local t0=$SECONDS
  say "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q </dev/null
  apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null
  say "packages installed in $((SECONDS - t0))s"
}

# ------------------------------------------------------------------- build --
# configure DIR [MESON-SETUP-ARGS...]: set up DIR, or reuse it when it was set
# up with the same arguments (meson itself regenerates on meson.build changes).
configure() {
  local dir=$1; shift
  local want stamp
  want="$(meson --version) $*"
  stamp=$dir/.setup-args
  if [[ -f $dir/meson-private/coredata.dat && -f $stamp && $(<"$stamp") == "$want" ]]; then
    return 0
  fi
  if [[ -f $dir/meson-private/coredata.dat ]]; then
    say "reconfiguring $dir ($*)"
    meson setup --reconfigure "$dir" "$@" ||
      meson setup --wipe "$dir" "$@" || return 1
  else
    [[ -e $dir ]] && rm -rf -- "$dir"
    say "configuring $dir ($*)"
    meson setup "$dir" "$@" || return 1
  fi
  printf '%s' "$want" >"$stamp"
}

build() {   # build DIR SETUP-ARGS...
  local dir=$1 t0=$SECONDS
  configure "$@" || { rm -f -- "$dir/.setup-args"; return 1; }
  meson compile -C "$dir" || return 1
  say "$dir built in $((SECONDS - t0))s"
}

# ------------------------------------------------------------------- kiosk --
run_kiosk() {
  ensure_packages build run
  # Tests are disabled here: the kiosk must start even while a test is broken.
  build build -Dtests=disabled || die "build failed (see above)"
  if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    say "built build/visionsort, but the kiosk needs a graphical session (no DISPLAY or WAYLAND_DISPLAY set); run this from a desktop session"
    exit 1
  fi
  exec build/visionsort kiosk "${extra_args[@]}"
}

# -------------------------------------------------------------------- test --
run_suite() {   # run_suite DIR TIMEOUT-MULTIPLIER SETUP-ARGS...
  local dir=$1 mult=$2; shift 2
  local t0=$SECONDS rc=0
  rm -f -- "$dir/meson-logs/testlog.json"
  if ! build "$dir" "$@"; then
    say "$dir: BUILD FAILED - its tests did not run (counted as 1 failure)"
    echo "$dir build-failed" >>"$status_file"
    return 0
  fi
  say "$dir: running tests"
  meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 \
    --timeout-multiplier "$mult" "${extra_args[@]}" || rc=$?
  say "$dir: meson test exited $rc after $((SECONDS - t0))s"
  echo "$dir $rc" >>"$status_file"
}

run_tests() {
  ensure_packages build run test
  status_file=$(mktemp)
  trap 'rm -f -- "$status_file"' EXIT

  run_suite build-ci 1 --buildtype=debugoptimized --werror -Dtests=enabled

  # LeakSanitizer on, abort (not just exit 1) so the log has a stack; leaks in
  # system libraries we do not own are suppressed in tools/lsan.supp.
  # SDL's software renderer (and no GL-backed window framebuffer) here: Mesa's
  # llvmpipe leaks at exit from swrast_dri.so, which is dlclose()d by then, so
  # LSan reports it as "<unknown module>" and no suppression can match it.
  # build-ci still runs the OpenGL path.  Tests may override both variables.
  SDL_RENDER_DRIVER=${SDL_RENDER_DRIVER-software} \
  SDL_FRAMEBUFFER_ACCELERATION=${SDL_FRAMEBUFFER_ACCELERATION-0} \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$LSAN_SUPP:print_suppressions=0 \
    run_suite build-asan 3 --buildtype=debug --werror -Dtests=enabled \
      -Db_sanitize=address,undefined -Db_lundef=false

  # A third, small build: clang with libFuzzer, the parsers of untrusted input fuzzed for a
  # bounded time each (docs/RELIABILITY.md). Only the fuzz targets are built for tests.
  # Skipped when ARGS pick tests, which name tests of the other two builds.
  local builds=(build-ci build-asan)
  if ((${#extra_args[@]} == 0)); then
    CC=clang run_suite build-fuzz 1 --buildtype=debugoptimized -Dtests=disabled -Dfuzz=true \
      -Db_sanitize=address,undefined -Db_lundef=false
    builds+=(build-fuzz)
  fi

  python3 - "$status_file" "${builds[@]}" <<'EOF'
import json, os, sys

# status file: "DIR build-failed" or "DIR <meson test exit code>"
status = dict(l.split(None, 1) for l in open(sys.argv[1]) if l.strip())
status = {k: v.strip() for k, v in status.items()}
PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}
total = {"passed": 0, "failed": 0, "skipped": 0}
for d in sys.argv[2:]:
    n = {"passed": 0, "failed": 0, "skipped": 0}
    bad = []
    log = os.path.join(d, "meson-logs", "testlog.json")
    st = status.get(d, "not-run")
    if st == "build-failed":
        n["failed"] += 1
        bad.append("(build failed)")
    elif st != "not-run" and os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                res = str(r.get("result", "")).upper()
                if res in PASS:
                    n["passed"] += 1
                elif res in SKIP:
                    n["skipped"] += 1
                else:
                    n["failed"] += 1
                    bad.append("%s [%s]" % (r.get("name", "?"), res))
    elif st != "0":
        n["failed"] += 1
        bad.append("(meson test failed (exit %s) without writing %s)" % (st, log))
    # else: meson test succeeded without a log: no tests defined
    for k in total:
        total[k] += n[k]
    print("%s: %d passed, %d failed, %d skipped%s" % (
        d, n["passed"], n["failed"], n["skipped"],
        ("  FAILED: " + ", ".join(bad)) if bad else ""), file=sys.stderr)
if total["passed"] + total["failed"] == 0:
    print("error: no tests ran", file=sys.stderr)
sys.stderr.flush()
line = "%d passed, %d failed" % (total["passed"], total["failed"])
if total["skipped"]:
    line += ", %d skipped" % total["skipped"]
print(line)
sys.exit(1 if total["failed"] or total["passed"] == 0 else 0)
EOF
}

case $mode in
  kiosk) run_kiosk ;;
  test) run_tests ;;
esac
