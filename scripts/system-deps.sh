#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Tongxin needs, when they are missing:
#   fonts-noto-cjk + Pango + libharfbuzz-subset0  WeasyPrint PDFs in Chinese (without a CJK font: empty boxes)
#   fonts-arphic-ukai                            楷体 (AR PL UKai CN) for the （一） headings of the 公文 layout
#   chromium                                     the real-browser tests (Playwright drives /usr/bin/chromium)
#   nodejs + npm                                 Bootstrap and ECharts, pinned by package-lock.json
#   python3-venv                                 the virtualenv, when the system Python lacks ensurepip
# With root or password-less sudo it runs apt-get; otherwise it prints the one line to run and stops.
set -euo pipefail

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install by hand: a CJK font (Noto CJK), Pango, Chromium, Node.js + npm." >&2
  exit 0
fi

wanted=(fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
"${PYTHON:-python3}" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "缺少系统软件包：${missing[*]}" >&2
  echo "请先运行： sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
