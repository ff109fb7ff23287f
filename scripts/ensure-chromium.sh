#!/bin/sh
# Installs Debian's chromium for the e2e tests (playwright-core drives /usr/bin/chromium) when it is missing.
# Idempotent; needs root (CI containers) or sudo.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "[ensure-chromium] installing Debian chromium…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
