#!/usr/bin/env python3
"""Command-line contract of `visionsort` (no X server needed).

Checks what scripts and staff rely on: exit codes, which stream carries
what, the `check` report format, and that failed commands change nothing.
Run by meson (suite 'cli') or by hand: `python3 tests/cli/cli.py [-k name]`.
"""

import os
import re
import sqlite3
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import vstest  # noqa: E402
from vstest import BINARY, SAMPLE, SOURCE_ROOT  # noqa: E402

SUBCOMMANDS = ("kiosk", "export", "import", "tally", "check")
# Options each subcommand's --help should mention (from the interface contract).
SUBCOMMAND_OPTIONS = {
    "kiosk": ("--db", "--keywords", "--windowed", "--seed", "--idle-seconds",
              "--trace-layout"),
    "export": ("--db", "--out"),
    "import": ("--tally",),
    "tally": ("--tally", "--csv"),
    "check": (),
}
TALLY_HEADER = ("keyword_id,label,shown,yes,no,neutral,approval,approval_low,"
                "approval_high,net,mean_rank")
NOTHING_NEW = re.compile(r"nothing|no new|no (unexported|finished)|0 sessions", re.I)

# A small valid keyword set; the broken variants below change one thing.
# Line numbers: 1-4 comments, 5 header, 6-8 keywords.
VALID_SET = (
    "# visionsort keyword set\n"
    "# set-id: cli-test\n"
    "# version: 1\n"
    "# sample: yes\n"
    "id\tsv\ten\n"
    "alfa\tAlfa\tAlpha\n"
    "beta\tBeta\tBeta\n"
    "gamma\tGamma\tGamma\n"
)
NEXT_LINE = 9  # the line number a row appended to VALID_SET gets


def project_version():
    with open(os.path.join(SOURCE_ROOT, "meson.build"), encoding="utf-8") as f:
        m = re.search(r"version\s*:\s*'([^']+)'", f.read())
    return m.group(1) if m else None


class CliTestCase(vstest.BinaryTestCase):
    """Runs the binary in a private temp folder with no X display."""

    TMP_PREFIX = "vs-cli-"

    def setUp(self):
        super().setUp()
        # Default paths ($XDG_DATA_HOME/visionsort/...) stay inside the test.
        self.env["XDG_DATA_HOME"] = os.path.join(self.tmp, "xdg-data")

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, content):
        """Writes str (as UTF-8) or bytes as they are; returns the path."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)


def lines(text):
    return [l for l in text.splitlines() if l.strip()]


# --------------------------------------------------------------------------


class TestHelpAndUsage(CliTestCase):

    def test_help_exits_0_with_text_on_stdout(self):
        r = self.run_vs("--help")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertTrue(r.stdout.strip(), "--help printed nothing on stdout" + self.show(r))
        for sub in SUBCOMMANDS:
            self.assertIn(sub, r.stdout, "--help does not mention %r" % sub + self.show(r))

    def test_version_exits_0_with_the_project_version(self):
        r = self.run_vs("--version")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertIn(project_version(), r.stdout, self.show(r))

    def test_each_subcommand_help_exits_0_with_text_on_stdout(self):
        for sub in SUBCOMMANDS:
            with self.subTest(subcommand=sub):
                r = self.run_vs(sub, "--help")
                self.assertEqual(r.returncode, 0, self.show(r))
                self.assertTrue(r.stdout.strip(), self.show(r))

    def test_each_subcommand_help_names_its_options(self):
        for sub, options in SUBCOMMAND_OPTIONS.items():
            r = self.run_vs(sub, "--help")
            for opt in options:
                with self.subTest(subcommand=sub, option=opt):
                    self.assertIn(opt, r.stdout, self.show(r))

    def assert_usage_error(self, *args):
        r = self.run_vs(*args)
        self.assertEqual(r.returncode, 2, "%s: expected exit 2%s" % (args, self.show(r)))
        self.assertEqual(r.stdout, "", "%s: nothing belongs on stdout%s" % (args, self.show(r)))
        self.assertRegex(r.stderr, re.compile("usage", re.I),
                         "%s: no usage on stderr%s" % (args, self.show(r)))

    def test_unknown_subcommand_is_a_usage_error(self):
        self.assert_usage_error("frobnicate")

    def test_unknown_top_level_flag_is_a_usage_error(self):
        self.assert_usage_error("--frobnicate")

    def test_unknown_subcommand_flag_is_a_usage_error(self):
        for sub in SUBCOMMANDS:
            with self.subTest(subcommand=sub):
                self.assert_usage_error(sub, "--frobnicate")


# --------------------------------------------------------------------------


class TestOptionsReadAlike(CliTestCase):
    """Every subcommand reads its options by one table (cli/options.c): the
    same words for the same mistake, whichever command it is made in."""

    def usage_error(self, *args):
        r = self.run_vs(*args)
        self.assertEqual(r.returncode, 2, "%s: expected exit 2%s" % (args, self.show(r)))
        self.assertEqual(r.stdout, "", self.show(r))
        return r.stderr.splitlines()[0]

    def test_a_value_that_does_not_parse_is_named_before_later_mistakes(self):
        first = self.usage_error("kiosk", "--seed", "x", "--frobnicate")
        self.assertEqual(first, "visionsort kiosk: --seed wants a whole number")

    def test_a_wrong_window_size_reads_the_same_in_kiosk_and_tally(self):
        for sub in ("kiosk", "tally"):
            with self.subTest(subcommand=sub):
                self.assertEqual(self.usage_error(sub, "--windowed", "10x10"),
                                 "visionsort %s: --windowed wants WxH, e.g. 1280x720" % sub)

    def test_a_wrong_segment_reads_the_same_in_tally_and_report(self):
        for sub in ("tally", "report"):
            with self.subTest(subcommand=sub):
                self.assertEqual(self.usage_error(sub, "--by", "week"),
                                 "visionsort %s: --by wants site, language, age, residence "
                                 "or day" % sub)

    def test_a_stray_argument_is_named_before_a_missing_tally(self):
        self.assertEqual(self.usage_error("tally", "stray"),
                         "visionsort tally: unexpected argument 'stray'")
        self.assertEqual(self.usage_error("report", "--csv", "x.csv", "stray"),
                         "visionsort report: unexpected argument 'stray'")
        for args in (("tally", "--csv"), ("report", "--csv", "x.csv"),
                     ("import", "export.sqlite")):
            with self.subTest(args=args):
                self.assertEqual(self.usage_error(*args),
                                 "visionsort %s: --tally is needed" % args[0])

    def test_an_action_given_twice_is_a_usage_error(self):
        db = self.write("sessions.db", b"")
        self.assertEqual(self.usage_error("export", "--db", db, "--new-key", "--new-key"),
                         "visionsort export: give one of --print-public-key, --new-key and "
                         "--purge-exported-older-than")

    def test_a_value_may_follow_an_equals_sign(self):
        tally = self.path("tally.db")
        self.run_vs("import", "--tally=" + tally, self.write("seed.txt", "not an export\n"))
        r = self.run_vs("tally", "--tally=" + tally, "--csv")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(r.stdout.splitlines(), [TALLY_HEADER], self.show(r))


# --------------------------------------------------------------------------


class TestCheck(CliTestCase):

    def check_ok(self, path):
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(len(lines(r.stdout)), 1, self.show(r))
        return r.stdout.strip()

    def check_problems(self, path, expect_lines=()):
        """Runs check on a bad file: exit 1 and only `FILE:LINE: message`
        lines; every line number in expect_lines must be among them."""
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 1, self.show(r))
        out = lines(r.stdout) + lines(r.stderr)
        self.assertTrue(out, "no problem reported" + self.show(r))
        prefix = re.compile(re.escape(path) + r":(\d+): \S")
        numbers = []
        for line in out:
            m = prefix.match(line)
            self.assertIsNotNone(m, "not `%s:LINE: message`: %r%s" % (path, line, self.show(r)))
            numbers.append(int(m.group(1)))
        for n in expect_lines:
            self.assertIn(n, numbers, "line %d not reported%s" % (n, self.show(r)))
        return out

    # The good cases

    def test_bundled_sample_is_ok_with_36_keywords_sv_en_first(self):
        self.assertRegex(self.check_ok(SAMPLE),
                         r"^ok: 36 keywords, languages: sv,en(,[a-z]{2,3})*$")

    def test_small_valid_set_is_ok(self):
        self.assertEqual(self.check_ok(self.write("set.tsv", VALID_SET)),
                         "ok: 3 keywords, languages: sv,en")

    def test_languages_are_listed_sv_first_then_in_column_order(self):
        text = VALID_SET.replace("id\tsv\ten\n", "id\tar\tsv\ten\n")
        text = re.sub(r"^(alfa|beta|gamma)\t", r"\1\tx\t", text, flags=re.M)
        self.assertEqual(self.check_ok(self.write("set.tsv", text)),
                         "ok: 3 keywords, languages: sv,ar,en")

    def test_bom_and_crlf_line_endings_are_accepted(self):
        text = "\ufeff" + VALID_SET.replace("\n", "\r\n")
        self.assertEqual(self.check_ok(self.write("set.tsv", text)),
                         "ok: 3 keywords, languages: sv,en")

    def test_quoted_cells_and_empty_translation_are_accepted(self):
        text = VALID_SET + 'delta\t"Kultur ""för"" alla"\t\n'
        path = self.write("set.tsv", text)
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 0, self.show(r))
        # the empty translation is noted after the ok line, naming its row
        self.assertEqual(lines(r.stdout), [
            "ok: 4 keywords, languages: sv,en",
            'note: %s:%d: the en label of "delta" is empty; it shows in Swedish'
            % (path, NEXT_LINE)], self.show(r))

    def test_label_of_60_characters_is_ok_even_if_more_bytes(self):
        # 60 characters, 120 bytes: the limit counts characters.
        text = VALID_SET + "delta\t%s\tDelta\n" % ("ö" * 60)
        self.check_ok(self.write("set.tsv", text))

    # The bad cases: each must name the file and the line

    def test_duplicate_id_is_reported_on_its_second_line(self):
        path = self.write("dup.tsv", VALID_SET + "beta\tBeta igen\tBeta again\n")
        self.check_problems(path, [NEXT_LINE])

    def test_missing_swedish_label_is_reported(self):
        path = self.write("nosv.tsv", VALID_SET + "delta\t\tDelta\n")
        self.check_problems(path, [NEXT_LINE])

    def test_missing_set_id_is_reported(self):
        path = self.write("noset.tsv", VALID_SET.replace("# set-id: cli-test\n", ""))
        self.check_problems(path)

    def test_header_without_id_column_is_reported(self):
        path = self.write("noid.tsv", VALID_SET.replace("id\tsv\ten\n", "key\tsv\ten\n"))
        self.check_problems(path)

    def test_header_with_a_column_twice_is_reported(self):
        text = VALID_SET.replace("id\tsv\ten\n", "id\tsv\ten\ten\n")
        text = re.sub(r"^(alfa|beta|gamma)\t(.*)$", r"\1\t\2\tx", text, flags=re.M)
        self.check_problems(self.write("twice.tsv", text), [5])

    def test_row_with_more_cells_than_the_header_is_reported(self):
        path = self.write("extra.tsv", VALID_SET + "delta\tDelta\tDelta\tstray cell\n")
        self.check_problems(path, [NEXT_LINE])

    def test_invalid_id_is_reported(self):
        path = self.write("badid.tsv", VALID_SET + "Motala ström\tMotala ström\t\n")
        self.check_problems(path, [NEXT_LINE])

    def test_invalid_utf8_is_reported_on_its_line(self):
        data = VALID_SET.encode("utf-8") + b"delta\tD\xffelta\tDelta\n"
        self.check_problems(self.write("latin.tsv", data), [NEXT_LINE])

    def test_too_long_labels_are_reported_one_line_each(self):
        text = (VALID_SET + "delta\t%s\tDelta\n" % ("x" * 61)
                + "epsilon\tEpsilon\t%s\n" % ("y" * 61))
        out = self.check_problems(self.write("long.tsv", text), [NEXT_LINE, NEXT_LINE + 1])
        self.assertEqual(len(out), 2, "expected one line per problem: %s" % out)

    def test_two_different_problems_give_two_lines(self):
        text = VALID_SET + "alfa\tAlfa igen\t\n" + "delta\t\tDelta\n"
        out = self.check_problems(self.write("two.tsv", text), [NEXT_LINE, NEXT_LINE + 1])
        self.assertEqual(len(out), 2, "expected one line per problem: %s" % out)

    def test_missing_file_gives_one_line_naming_it(self):
        path = self.path("no-such-set.tsv")
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 1, self.show(r))
        out = lines(r.stdout) + lines(r.stderr)
        self.assertEqual(len(out), 1, self.show(r))
        self.assertIn(path, out[0], self.show(r))


# --------------------------------------------------------------------------


class TestExportImportTally(CliTestCase):

    def tally_csv(self, tally):
        r = self.run_vs("tally", "--tally", tally, "--csv")
        self.assertEqual(r.returncode, 0, self.show(r))
        return r.stdout

    def test_export_of_a_fresh_log_says_nothing_new_and_writes_nothing(self):
        # An empty file is a fresh SQLite database: a log with no sessions.
        # (A path that does not exist at all is refused: see the next test.)
        db = self.write("sessions.db", b"")
        usb = self.path("usb")
        os.mkdir(usb)
        r = self.run_vs("export", "--db", db, "--out", usb)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(os.listdir(usb), [], "export wrote a file" + self.show(r))
        self.assertRegex(r.stdout, NOTHING_NEW, "no 'nothing new' on stdout" + self.show(r))

    def test_export_from_a_mistyped_log_path_fails_naming_it(self):
        # A typo in --db must not look like "nothing new" to the staff.
        db = self.path("no-such-sessions.db")
        usb = self.path("usb")
        os.mkdir(usb)
        r = self.run_vs("export", "--db", db, "--out", usb)
        self.assertNotEqual(r.returncode, 0, self.show(r))
        self.assertEqual(len(lines(r.stderr)), 1, self.show(r))
        self.assertIn(db, r.stderr, self.show(r))
        self.assertEqual(os.listdir(usb), [], "export wrote a file" + self.show(r))
        self.assertFalse(os.path.exists(db), "export created the log it was asked to read")

    def test_tally_of_a_missing_tally_fails_naming_it(self):
        tally = self.path("tally.db")
        r = self.run_vs("tally", "--tally", tally, "--csv")
        self.assertNotEqual(r.returncode, 0, self.show(r))
        self.assertEqual(r.stdout, "", self.show(r))
        self.assertEqual(len(lines(r.stderr)), 1, self.show(r))
        self.assertIn(tally, r.stderr, self.show(r))
        self.assertFalse(os.path.exists(tally), "tally created the file it was asked to read")

    def empty_tally(self):
        """An existing tally with no sessions.

        The CLI has no "create tally" command and this suite cannot make an
        export file (that takes the kiosk: see tests/e2e), so the tally is
        created the way `import` creates a missing one.
        """
        tally = self.path("tally.db")
        self.run_vs("import", "--tally", tally, self.write("seed.txt", "not an export\n"))
        out = self.tally_csv(tally)
        self.assertEqual(out.splitlines(), [TALLY_HEADER])
        return tally

    def test_tally_of_an_empty_tally_is_the_exact_header(self):
        self.empty_tally()

    def assert_import_refused(self, bad):
        tally = self.empty_tally()
        before = self.tally_csv(tally)
        r = self.run_vs("import", "--tally", tally, bad)
        self.assertNotEqual(r.returncode, 0, self.show(r))
        err = lines(r.stderr)
        self.assertEqual(len(err), 1, "expected one line on stderr" + self.show(r))
        self.assertTrue(bad in err[0] or os.path.basename(bad) in err[0],
                        "the error does not name the file" + self.show(r))
        self.assertEqual(self.tally_csv(tally), before, "a refused import changed the tally")

    def test_import_of_a_text_file_is_refused_and_changes_nothing(self):
        self.assert_import_refused(self.write("notes.txt", "not an export\n"))

    def test_import_of_a_foreign_sqlite_file_is_refused_and_changes_nothing(self):
        path = self.path("other.db")
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE sessions (id TEXT)")
        db.execute("INSERT INTO sessions VALUES ('x')")
        db.commit()
        db.close()
        self.assert_import_refused(path)

    def test_import_of_a_missing_file_is_refused_and_changes_nothing(self):
        self.assert_import_refused(self.path("no-such-export.db"))


# --------------------------------------------------------------------------


def main():
    if not os.access(BINARY, os.X_OK):
        print("FAIL: no visionsort binary at %s" % BINARY)
        return 1
    print("visionsort binary: %s" % BINARY)
    result = unittest.main(argv=[sys.argv[0]] + sys.argv[1:], exit=False,
                           verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("\nSUMMARY: %d tests, %d passed, %d failed, %d errors"
          % (result.testsRun, result.testsRun - failed, len(result.failures),
             len(result.errors)))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
