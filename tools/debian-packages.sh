#!/usr/bin/env bash
# The Debian packages the site and the tests need outside Python: Chromium for the browser tests,
# Chinese fonts, Pango and HarfBuzz-Subset for WeasyPrint's PDFs, poppler for looking at them,
# LibreOffice (headless) to open the Word files as WPS and Word users do, and Info-ZIP's zip to
# make the batch-upload archives as clerks' tools make them (names without the UTF-8 flag).
# Installs what is missing when run as root; otherwise says, in one line, the command to run.
set -euo pipefail

packages=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
  libreoffice-writer-nogui zip)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "缺少系统软件包：${missing[*]}。请以 root 运行：apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq "${missing[@]}"
