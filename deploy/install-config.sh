#!/bin/sh
# meson install script: install-config.sh SOURCE DIR puts SOURCE in place as
# DIR/kiosk.ini (under $DESTDIR) unless a kiosk.ini is there already, so that
# reinstalling or updating never overwrites a kiosk's site, PIN or texts.
set -eu
source=$1
dir=${DESTDIR:-}$2
mkdir -p -- "$dir"
if [ -e "$dir/kiosk.ini" ]; then
	echo "visionsort: keeping the existing $dir/kiosk.ini"
else
	install -m 0640 -- "$source" "$dir/kiosk.ini"
	echo "visionsort: installed the sample configuration $dir/kiosk.ini"
fi
