#!/usr/bin/env bash
# Redoes the keyword pictograms in assets/ from OpenMoji (https://openmoji.org, CC BY-SA 4.0),
# the way they were made: the pinned npm package, each SVG named in
# tools/openmoji-pictograms.tsv rendered to a 256 x 256 PNG as assets/<keyword-id>.png, the
# licence copied to assets/LICENSE-openmoji.txt and the attribution (with each pictogram's
# designer) written to assets/OPENMOJI.md.
#
#   tools/openmoji-pictograms.sh          needs npm, python3 and rsvg-convert
#                                         (Debian: npm, python3, librsvg2-bin)
#
# The kiosk does not run this; its output is committed. Run it again only to change a
# pictogram (edit the .tsv) or move to another OpenMoji version (edit VERSION and look at
# every picture afterwards: designs change between versions).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=17.0.0
MAP=tools/openmoji-pictograms.tsv
SIZE=256

for tool in npm python3 rsvg-convert; do
  command -v "$tool" >/dev/null || { echo "openmoji-pictograms: $tool is missing (see the top of $0)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "openmoji@$VERSION" >/dev/null && tar xzf "openmoji-$VERSION.tgz")
pkg=$tmp/package

n=0
while IFS=$'\t' read -r id hex _; do
  [[ -z $id || $id == \#* ]] && continue
  svg=$pkg/color/svg/$hex.svg
  [[ -f $svg ]] || { echo "openmoji-pictograms: $MAP: no pictogram $hex in OpenMoji $VERSION (for $id)" >&2; exit 1; }
  rsvg-convert --width "$SIZE" --height "$SIZE" --keep-aspect-ratio --output "assets/$id.png" "$svg"
  n=$((n + 1))
done <"$MAP"

cp "$pkg/LICENSE.txt" assets/LICENSE-openmoji.txt

python3 - "$pkg/data/openmoji.json" "$MAP" "$VERSION" >assets/OPENMOJI.md <<'PY'
import json, sys
data, mapping, version = sys.argv[1:4]
by_hex = {e["hexcode"]: e for e in json.load(open(data, encoding="utf-8"))}
print("# OpenMoji pictograms\n")
print("The keyword pictures listed below: all designed by [OpenMoji](https://openmoji.org/) – the")
print("open-source emoji and icon project. License: [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)")
print("(the full text is in `LICENSE-openmoji.txt` beside this file). OpenMoji version %s; changed" % version)
print("only by rendering each SVG to a 256 x 256 PNG (`tools/openmoji-pictograms.sh`), and these PNGs")
print("are under the same licence.\n")
print("| file | pictogram | OpenMoji code | designed by |")
print("| --- | --- | --- | --- |")
for line in open(mapping, encoding="utf-8"):
    if not line.strip() or line.startswith("#"):
        continue
    kid, hexcode = line.rstrip("\n").split("\t")[:2]
    e = by_hex[hexcode]
    print("| `%s.png` | %s | %s | %s |" % (kid, e["annotation"], hexcode, e.get("openmoji_author") or "OpenMoji"))
PY
echo "openmoji-pictograms: $n pictograms from OpenMoji $VERSION written to assets/"
