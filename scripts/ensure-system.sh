#!/usr/bin/env bash
# Makes sure the system tools the report needs are present: Chromium (static charts, PDF),
# a CJK font (Chinese text in charts and PDF) and poppler-utils (the PDF tests read the PDF back).
# As root on Debian/Ubuntu it installs what is missing; otherwise it says what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
fonts=$(fc-list 2>/dev/null || true)
[[ $fonts == *"Noto Sans CJK"* ]] || missing+=(fonts-noto-cjk)               # charts
[[ $fonts == *"WenQuanYi Micro Hei"* ]] || missing+=(fonts-wqy-microhei)  # PDF text: TrueType outlines embed as a named CID font
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
(( ${#missing[@]} == 0 )) && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
  exit 0
fi
echo "missing system packages: ${missing[*]}" >&2
echo "install them, e.g.: sudo apt-get install ${missing[*]}" >&2
exit 1
