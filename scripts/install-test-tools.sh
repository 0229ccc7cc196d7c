#!/usr/bin/env bash
# Installs the system tools that vmexit-lab's tests use for real (Debian/Ubuntu, as root).
#   linux-perf          perf 6.1: the oracle for the perf.data reader and the example's text reports
#   chromium            headless browser for the PDF (puppeteer) and the notebook-HTML screenshot check
#   poppler-utils       pdftotext / pdffonts / pdftoppm to check the PDF
#   jupyter-nbconvert python3-nbclient jupyter-client   run the notebooks through Jupyter itself
#   fonts-wqy-zenhei    a system CJK font (the report embeds its own; this is for Chromium's fallback)
#   zstd                compressed perf recordings (perf record -z) in tests
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PKGS=(linux-perf chromium poppler-utils jupyter-nbconvert python3-nbclient jupyter-client fonts-wqy-zenhei zstd)
if ! command -v apt-get >/dev/null; then
  echo "install-test-tools: this script is for Debian/Ubuntu (apt-get). Install perf, chromium, poppler-utils, jupyter nbconvert + nbclient, a CJK font and zstd with your package manager." >&2
  exit 1
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-tools: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-test-tools: all present (${PKGS[*]})"
