#!/usr/bin/env bash
# Makes sure the Debian packages Yichuang needs are installed.
#
#   scripts/ensure-system-deps.sh runtime   what `npm start` needs (chromium is optional there)
#   scripts/ensure-system-deps.sh test      what `npm test` needs (everything)
#
# Silent when everything is present. Missing packages are installed with apt-get when running as root;
# otherwise the script stops and prints the exact command to run. YICHUANG_SKIP_SYSTEM_DEPS=1 skips the check
# (for machines that are not Debian and provide these programs another way).
set -euo pipefail

set_name=${1:-test}
case "$set_name" in
  runtime)
    # socat: pty pairs for the device simulators; fonts-noto-cjk: Chinese on screen and on printed PDFs;
    # libusb: HID devices (QR scanners, card readers on USB); espeak-ng: offline read-aloud (zh/en) when
    # Chromium has no Web Speech voice, as on Debian.
    required=(socat fonts-noto-cjk libusb-1.0-0 espeak-ng)
    optional=(chromium)
    ;;
  test)
    # chromium: Playwright journeys (never a downloaded browser); udev: device enumeration;
    # poppler-utils: pdftotext to read printed receipts back; postgresql: the platform's production database;
    # cups, cups-bsd, printer-driver-cups-pdf: A4 printing through a real (private) CUPS scheduler to a PDF queue.
    # fonts-dejavu-core: the monospace MRZ lines of generated document pages; tesseract-ocr, tesseract-ocr-chi-sim:
    # the native OCR baseline for bench/ocr.ts (the terminal itself uses tesseract.js with packaged data);
    # espeak-ng: the host's read-aloud, tested on the real engine (main/speech, e2e/read-aloud.spec.ts).
    required=(chromium socat fonts-noto-cjk libusb-1.0-0 udev poppler-utils postgresql cups cups-bsd printer-driver-cups-pdf
      fonts-dejavu-core tesseract-ocr tesseract-ocr-chi-sim espeak-ng)
    optional=()
    ;;
  *)
    echo "usage: $0 runtime|test" >&2
    exit 2
    ;;
esac

# Node.js itself is not taken from Debian (bookworm's nodejs is 18): it must already be 20.10 or newer.
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo none)
if [ "$node_version" = none ] || [ "$(printf '%s\n' 20.10.0 "$node_version" | sort -V | head -n 1)" != 20.10.0 ]; then
  echo "Node.js 20.10 or newer is needed (found: $node_version). Install Node.js 20 (e.g. from nodejs.org or NodeSource), then run this again." >&2
  exit 1
fi

[ "${YICHUANG_SKIP_SYSTEM_DEPS:-}" = 1 ] && exit 0

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "ensure-system-deps: this is not a Debian system; make sure these are installed: ${required[*]}" >&2
  exit 0
fi

# Prints the packages of "$@" that are not installed, one query for all of them.
not_installed() {
  local installed
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | awk '$NF == "installed" { print $1 }' || true)
  local p
  for p in "$@"; do
    grep -qxF "$p" <<<"$installed" || echo "$p"
  done
}

mapfile -t missing < <(not_installed "${required[@]}")
if [ ${#optional[@]} -gt 0 ]; then
  mapfile -t missing_optional < <(not_installed "${optional[@]}")
  if [ ${#missing_optional[@]} -gt 0 ]; then
    echo "ensure-system-deps: optional, not installed: ${missing_optional[*]} (without it the kiosk UI is not opened; the URL is printed instead)" >&2
  fi
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "ensure-system-deps: installing ${missing[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  still=$(not_installed "${missing[@]}")
  if [ -n "$still" ]; then
    echo "ensure-system-deps: apt-get did not install: $still" >&2
    exit 1
  fi
  exit 0
fi

sudo=""
command -v sudo >/dev/null 2>&1 && sudo="sudo "
cat >&2 <<EOF
Missing Debian packages: ${missing[*]}
Install them (as root), then run this again:

  ${sudo}apt-get update && ${sudo}DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}

EOF
exit 1
