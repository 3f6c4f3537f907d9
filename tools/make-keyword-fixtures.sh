#!/usr/bin/env bash
# Regenerates tests/model/data/sample-*: the sample keyword set
# (data/norrkoping-2035-sample.tsv) as LibreOffice Calc saves it in each form organizers
# may pick, so that the tests read real spreadsheet output. The files are committed and CI
# does not need LibreOffice; run this again after changing the sample set:
#
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui
#   tools/make-keyword-fixtures.sh
#
# The sample is opened with every column typed Text (as docs/keyword-format.md tells
# organizers to), then saved as:
#   sample-excel-csv-utf8.csv   comma-separated, every text cell quoted, UTF-8; then given
#                               the byte-order mark and CRLF line ends that Excel's "CSV
#                               UTF-8" has and LibreOffice 7.4 on Linux does not write
#   sample-swedish.csv          semicolon-separated, as a Swedish locale saves CSV, UTF-8
#   sample-tab.tsv              tab-separated UTF-8, quoted only where needed
#   sample-unicode-text.txt     tab-separated UTF-16 little-endian with a byte-order mark:
#                               "Unicode text", as Excel also saves it
#   sample-unicode-text-be.txt  the same in big-endian, converted by iconv, since
#                               LibreOffice writes UTF-16 little-endian only
#   sample-date-mangled.csv     the sample plus a row whose English label is "1/2", opened
#                               with the standard column types in an English (US) locale,
#                               so that type detection makes a date of it; comma-separated
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v soffice >/dev/null || {
  echo "soffice not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui" >&2
  exit 1
}
out=tests/model/data
sample=data/norrkoping-2035-sample.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A profile of its own, so that nothing of the user's LibreOffice settings changes the files
export HOME="$work/home"
profile="file://$work/profile"

# CSV filter options: separator (ASCII code), text delimiter ("), character set (76 UTF-8,
# 65535 UTF-16), first line, column types (n/2: column n as Text; empty: standard
# detection), language (1033 English, US); for saving, token 7 quotes every text cell.
text_columns=1/2/2/2/3/2/4/2/5/2/6/2/7/2
convert() { # INPUT IMPORT-OPTIONS EXPORT-OPTIONS OUTPUT
  local dir="$work/out"
  rm -rf "$dir"
  soffice -env:UserInstallation="$profile" --headless \
    --infilter="Text - txt - csv (StarCalc):$2" \
    --convert-to "csv:Text - txt - csv (StarCalc):$3" --outdir "$dir" "$1" >/dev/null 2>&1
  mv "$dir"/*.csv "$4"
}

cp "$sample" "$work/sample.tsv"
mkdir -p "$out"
convert "$work/sample.tsv" "9,34,76,1,$text_columns" "44,34,76,1,,0,true,true,true" \
  "$work/excel.csv"
{
  printf '\xef\xbb\xbf'
  sed 's/$/\r/' "$work/excel.csv"
} >"$out/sample-excel-csv-utf8.csv"
convert "$work/sample.tsv" "9,34,76,1,$text_columns" "59,34,76,1,,0,false,true,true" \
  "$out/sample-swedish.csv"
convert "$work/sample.tsv" "9,34,76,1,$text_columns" "9,34,76,1,,0,false,true,true" \
  "$out/sample-tab.tsv"
convert "$work/sample.tsv" "9,34,76,1,$text_columns" "9,34,65535,1,,0,false,true,true" \
  "$out/sample-unicode-text.txt"
{
  printf '\xfe\xff'
  iconv -f UTF-16 -t UTF-16BE "$out/sample-unicode-text.txt"
} >"$out/sample-unicode-text-be.txt"

{
  cat "$sample"
  printf 'halften\tHälften\t1/2\tالنصف\tKala bar\t\t\n'
} >"$work/mangled.tsv"
convert "$work/mangled.tsv" "9,34,76,1,,1033" "44,34,76,1,,0,false,true,true" \
  "$out/sample-date-mangled.csv"

if command -v file >/dev/null; then
  for f in "$out"/sample-*; do
    printf '%s: %s\n' "$f" "$(file -b "$f")"
  done
fi
