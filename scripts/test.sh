#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian packages: PostgreSQL, aiosmtpd, oathtool, chromium), starts a private PostgreSQL, checks the
# formatting, runs every test project against SQLite and PostgreSQL, and prints "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v python3 >/dev/null || missing+=(python3)
# The email tests run Debian's SMTP server (aiosmtpd) with the system python, whatever python3 is first on PATH.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
command -v oathtool >/dev/null || missing+=(oathtool) # the TOTP/HOTP reference the tests judge Latch against
[[ -x /usr/bin/chromium ]] || missing+=(chromium)     # the browser tests drive Debian's Chromium with Playwright
if ((${#missing[@]})); then
  echo "Installing ${missing[*]} ..."
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "The .NET 10 SDK (dotnet) is required on PATH." >&2; exit 1; }

work=$(mktemp -d /tmp/latch-test.XXXXXX)
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  scripts/postgres.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

scripts/postgres.sh start "$work/pg" "$port"
export LATCH_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
echo "PostgreSQL for the tests on 127.0.0.1:$port"

dotnet build Latch.slnx -c Debug -warnaserror --nologo -v quiet
dotnet format Latch.slnx --verify-no-changes --no-restore -v quiet \
  || { echo "dotnet format found unformatted code: run 'dotnet format Latch.slnx'"; format_failed=1; }

status=0
dotnet test Latch.slnx --no-build --nologo --logger trx --results-directory "$work/results" || status=$?

python3 - "$work/results" "${format_failed:-0}" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
failed += int(sys.argv[2])  # a formatting failure counts as one failed check
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY

[[ ${format_failed:-0} -eq 0 ]] || status=1
exit $status
