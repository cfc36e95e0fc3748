#!/bin/sh
# Sets up a shared cdesk server (run as root, after `make install`; `make
# install-server` runs both): the system group, the binary setgid to it, and
# the database's directory root:GROUP 2770. Staff are NOT added to the group:
# only the setgid binary opens the database. An existing database, its -wal,
# its -shm and its backups in the directory are given back to root:GROUP 0660.
#
#   PREFIX       where cdesk was installed (default /usr/local)
#   DESTDIR      staging root prepended to both paths (default empty)
#   STATEDIR     the database's directory (default /var/lib/cdesk)
#   CDESK_GROUP  the group (default cdesk)
set -eu
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
STATEDIR=${STATEDIR:-/var/lib/cdesk}
CDESK_GROUP=${CDESK_GROUP:-cdesk}
bin=$DESTDIR$PREFIX/bin/cdesk
dir=$DESTDIR$STATEDIR

say() { echo "install-server: $*"; }
[ "$(id -u)" = 0 ] || { say "run as root"; exit 1; }
[ -x "$bin" ] || { say "$bin not found; run make install first"; exit 1; }

if ! getent group "$CDESK_GROUP" >/dev/null; then
	groupadd --system "$CDESK_GROUP"
	say "created the system group $CDESK_GROUP"
fi
# chgrp clears the setgid bit, so it comes first
chown root:"$CDESK_GROUP" "$bin"
chmod 2755 "$bin"
say "$bin is root:$CDESK_GROUP 2755 (setgid)"

install -d -o root -g "$CDESK_GROUP" -m 2770 "$dir"
say "$dir is root:$CDESK_GROUP 2770"
for f in "$dir"/*; do
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	chown root:"$CDESK_GROUP" "$f"
	chmod 0660 "$f"
	say "$f is root:$CDESK_GROUP 0660"
done

members=$(getent group "$CDESK_GROUP" | cut -d: -f4)
if [ -n "$members" ]; then
	say "warning: $members in group $CDESK_GROUP can open the database without cdesk;"
	say "remove them (gpasswd -d LOGIN $CDESK_GROUP): staff need no group"
fi
[ -f "$dir/cdesk.db" ] || say "next, as root: $PREFIX/bin/cdesk init"
