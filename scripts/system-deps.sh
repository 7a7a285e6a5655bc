#!/usr/bin/env bash
# Install the Debian packages contractkit needs (pango for weasyprint; poppler, qpdf and Ghostscript
# for the PDF checks; LibreOffice for the redline round trip), only those missing; with the argument
# `browser`, also chromium for `make test-browser`. Needs root for apt-get; otherwise it says what to install and exits 1.
set -eu
need=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset' || need+=(libharfbuzz-subset0)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# The PDF/A-3b checks of the tests (tests/pdfa.py): qpdf --check, Ghostscript renders every page,
# pdffonts (poppler-utils) lists the fonts.
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v gs >/dev/null 2>&1 || need+=(ghostscript)
command -v git >/dev/null 2>&1 || need+=(git)
ldconfig -p 2>/dev/null | grep -q 'libzbar.so.0' || need+=(libzbar0)  # tests decode invoice QR codes
fc-list 2>/dev/null | grep -qi 'dejavu' || need+=(fonts-dejavu-core fontconfig)
# a symbol font the tests draw with, to see it refused (tests/security/test_round14_fonts.py)
fc-list 2>/dev/null | grep -qi 'Standard Symbols PS' || need+=(fonts-urw-base35)
# LibreOffice and its UNO bridge: the redline tests accept/reject all tracked changes in it.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || need+=(python3-uno)
# `system-deps.sh browser` (make test-browser): Debian's chromium for the client's page tests.
if [ "${1:-}" = browser ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
fi
# `system-deps.sh hosts` (make test-hosts): the git servers a studio runs, started by the tests on
# 127.0.0.1 only (OpenSSH + gitolite3; nginx + fcgiwrap + git-http-backend over HTTPS).
if [ "${1:-}" = hosts ]; then
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
  [ -x /usr/bin/gitolite ] || need+=(gitolite3)
  [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  [ -x /usr/sbin/fcgiwrap ] || need+=(fcgiwrap)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing system packages: ${need[*]} (install them with apt-get as root)" >&2
  exit 1
fi
echo "installing system packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
  apt-get update -q >/dev/null 2>&1
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
}
