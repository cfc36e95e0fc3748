#!/bin/sh
# Installs the Debian packages cdesk needs when any is missing: directly as
# root, through sudo when it needs no password, else prints the command.
PKGS="build-essential pkg-config libncurses-dev libsqlite3-dev libjansson-dev libcmocka-dev gettext tmux locales sqlite3 libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils python3 liblinear-dev nettle-dev strace"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
need_locale=0
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' || need_locale=1
[ -z "$missing" ] && [ $need_locale = 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else
	[ -n "$missing" ] && echo "cdesk: missing Debian packages:$missing" >&2 &&
		echo "Run: sudo apt-get install -y$missing" >&2
	[ $need_locale = 1 ] && echo "For the Chinese interface: sudo sh -c \"sed -i 's/^# *zh_CN.UTF-8/zh_CN.UTF-8/' /etc/locale.gen && locale-gen\"" >&2
	[ -n "$missing" ] && exit 1
	exit 0
fi
set -e
if [ -n "$missing" ]; then
	echo "cdesk: installing$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	$SUDO sh -c "grep -q '^zh_CN.UTF-8' /etc/locale.gen 2>/dev/null || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen; locale-gen >/dev/null"
fi
