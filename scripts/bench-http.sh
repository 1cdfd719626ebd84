#!/usr/bin/env bash
# Measures POST /v1/codes/verify on Latch (SQLite store) against a no-op ASP.NET Core endpoint that parses the
# same JSON body (bench/Latch.NoopServer), in one run on this machine, and prints requests/s, p50, p99 and the
# ratio Latch/no-op (SPEC "Non-functional targets": ratio >= 0.5, p99 < 5 ms at 64 connections on loopback).
#
# Every Latch request carries a fresh, valid, pre-issued code (a code opens once, and failures are throttled),
# so the codes are issued first over HTTP (bench/Latch.LoadPrep) and wrk sends each body at most once.
#
# Settings (environment): THREADS=2 CONNECTIONS=64 DURATION=10 (seconds) CODES (bodies for the measured run)
# WARMUP_CODES RESOURCES=4 LATCH_PORT NOOP_PORT LATCH_LOG_LEVEL=Warning (the no-op server logs at Warning too).
# Exit status: 0 when the run is valid (whatever the figures), 1 when it is not (codes ran out, errors).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-10}"
CODES="${CODES:-450000}"
WARMUP_CODES="${WARMUP_CODES:-50000}"
# The JIT (tiered, with PGO) and the GC need several seconds at full load here before throughput settles.
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
RESOURCES="${RESOURCES:-4}"
LATCH_PORT="${LATCH_PORT:-18480}"
NOOP_PORT="${NOOP_PORT:-18481}"
LATCH_LOG_LEVEL="${LATCH_LOG_LEVEL:-Warning}"
LUA="$ROOT/bench/http/verify.lua"

die() { echo "bench-http: $*" >&2; exit 1; }
missing=()
for tool in wrk jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/latch-bench.XXXXXX")"
PIDS=()

stop_pid() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU seconds (user + system) a process has used so far, from /proc (clock ticks / CLK_TCK).
cpu_seconds() {
  local ticks
  ticks="$(awk '{print $14 + $15}' "/proc/$1/stat")"
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# Polls until a command succeeds or the deadline passes (no fixed sleeps).
wait_until() {
  local what="$1" pid="$2" log="$3"
  shift 3
  local deadline=$((SECONDS + 60))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      cat "$log" >&2
      die "$what did not become ready (exited, or not within 60 s); its log is above"
    fi
    sleep 0.1
  done
}

# Runs wrk with verify.lua and prints its RESULT line's fields as shell assignments with a prefix.
run_wrk() {
  local prefix="$1" url="$2" bodies="$3" mode="$4" threads="$5" connections="$6" seconds="$7" output
  output="$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -H "Authorization: Bearer $ADMIN_KEY" \
    -s "$LUA" "$url/v1/codes/verify" -- "$bodies" "$threads" "$mode")"
  echo "$output" >&2
  grep '^RESULT ' <<<"$output" | sed 's/^RESULT //' | tr ' ' '\n' | sed "s/^/${prefix}_/"
}

echo "== build (Release)"
for project in src/Latch.Cli bench/Latch.NoopServer bench/Latch.LoadPrep; do
  dotnet build -c Release --nologo -v q "$ROOT/$project" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "build of $project failed"; }
done
LATCH_DLL="$ROOT/src/Latch.Cli/bin/Release/net10.0/latch.dll"
NOOP_DLL="$ROOT/bench/Latch.NoopServer/bin/Release/net10.0/Latch.NoopServer.dll"
PREP_DLL="$ROOT/bench/Latch.LoadPrep/bin/Release/net10.0/Latch.LoadPrep.dll"

ADMIN_KEY="latch_bench_$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
LATCH_URL="http://127.0.0.1:$LATCH_PORT"
NOOP_URL="http://127.0.0.1:$NOOP_PORT"

echo "== start Latch on SQLite in $WORK/data ($LATCH_URL, log level $LATCH_LOG_LEVEL)"
LATCH_BOOTSTRAP_ADMIN_KEY="$ADMIN_KEY" Logging__LogLevel__Default="$LATCH_LOG_LEVEL" \
  dotnet "$LATCH_DLL" serve --data "$WORK/data" --urls "$LATCH_URL" >"$WORK/latch.log" 2>&1 &
LATCH_PID=$!
PIDS+=("$LATCH_PID")
wait_until "Latch" "$LATCH_PID" "$WORK/latch.log" curl -fsS "$LATCH_URL/healthz"

api() {
  curl -fsS -X POST -H "Authorization: Bearer $ADMIN_KEY" -H "Content-Type: application/json" -d "$2" "$LATCH_URL$1"
}
USER_ID="$(api /v1/users '{"userName":"bench"}' | jq -r .id)"
RESOURCE_IDS=()
for i in $(seq 1 "$RESOURCES"); do
  RESOURCE_IDS+=("$(api /v1/resources "{\"name\":\"bench door $i\",\"kind\":\"door\"}" | jq -r .id)")
done
RESOURCE_CSV="$(IFS=,; echo "${RESOURCE_IDS[*]}")"

TOTAL=$((WARMUP_CODES + CODES))
echo "== pre-issue $TOTAL codes (length 8, $RESOURCES resources; $WARMUP_CODES for warm-up, $CODES for the run)"
dotnet "$PREP_DLL" "$LATCH_URL" "$ADMIN_KEY" "$USER_ID" "$RESOURCE_CSV" "$TOTAL" "$WORK/all.jsonl" 64
head -n "$WARMUP_CODES" "$WORK/all.jsonl" >"$WORK/warmup.jsonl"
tail -n +"$((WARMUP_CODES + 1))" "$WORK/all.jsonl" >"$WORK/run.jsonl"
[[ "$(wc -l <"$WORK/run.jsonl")" -eq "$CODES" ]] || die "expected $CODES bodies for the run"

echo "== Latch: warm-up ${WARMUP_SECONDS}s at the same load, then wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
# The warm-up cycles over its codes: once used they answer 403 "consumed", which still runs the whole verify path
# (and, unlike an unknown value, never engages the guessing throttle).
run_wrk warm "$LATCH_URL" "$WORK/warmup.jsonl" cycle "$THREADS" "$CONNECTIONS" "$WARMUP_SECONDS" >/dev/null
cpu_before="$(cpu_seconds "$LATCH_PID")"
eval "$(run_wrk latch "$LATCH_URL" "$WORK/run.jsonl" once "$THREADS" "$CONNECTIONS" "$DURATION")"
latch_cpu="$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$LATCH_PID")" 'BEGIN { printf "%.2f", b - a }')"
stop_pid "$LATCH_PID"

echo "== start the no-op server ($NOOP_URL)"
ASPNETCORE_URLS="$NOOP_URL" dotnet "$NOOP_DLL" >"$WORK/noop.log" 2>&1 &
NOOP_PID=$!
PIDS+=("$NOOP_PID")
FIRST_BODY="$(head -n 1 "$WORK/run.jsonl")"
wait_until "no-op server" "$NOOP_PID" "$WORK/noop.log" \
  curl -fsS -X POST -H "Content-Type: application/json" -d "$FIRST_BODY" "$NOOP_URL/v1/codes/verify"

echo "== no-op: warm-up ${WARMUP_SECONDS}s at the same load, then wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (same bodies, reused)"
run_wrk warm "$NOOP_URL" "$WORK/warmup.jsonl" cycle "$THREADS" "$CONNECTIONS" "$WARMUP_SECONDS" >/dev/null
cpu_before="$(cpu_seconds "$NOOP_PID")"
eval "$(run_wrk noop "$NOOP_URL" "$WORK/run.jsonl" cycle "$THREADS" "$CONNECTIONS" "$DURATION")"
noop_cpu="$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$NOOP_PID")" 'BEGIN { printf "%.2f", b - a }')"
stop_pid "$NOOP_PID"

ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
per_request_us() { awk -v cpu="$1" -v n="$2" 'BEGIN { printf "%.1f", (n > 0 ? cpu * 1e6 / n : 0) }'; }
ratio="$(awk -v a="$latch_rps" -v b="$noop_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"

echo
echo "== results: POST /v1/codes/verify, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $(nproc) cores"
printf '| %-16s | %10s | %8s | %8s | %8s | %9s | %14s |\n' server requests/s "p50 ms" "p99 ms" "max ms" "failed" "server CPU/req"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ------------------ ------------ ---------- ---------- ---------- ----------- ----------------
printf '| %-16s | %10s | %8s | %8s | %8s | %9s | %11s µs |\n' "Latch (SQLite)" "$latch_rps" "$(ms "$latch_p50_us")" "$(ms "$latch_p99_us")" \
  "$(ms "$latch_max_us")" "$latch_failed" "$(per_request_us "$latch_cpu" "$latch_requests")"
printf '| %-16s | %10s | %8s | %8s | %8s | %9s | %11s µs |\n' "no-op" "$noop_rps" "$(ms "$noop_p50_us")" "$(ms "$noop_p99_us")" \
  "$(ms "$noop_max_us")" "$noop_failed" "$(per_request_us "$noop_cpu" "$noop_requests")"
echo
echo "ratio Latch/no-op (requests/s): $ratio"
echo "Latch requests: $latch_requests of $latch_bodies pre-issued codes for the run (socket errors: $latch_socket_errors)"

valid=1
if ((latch_exhausted > 0)); then
  echo "INVALID: wrk ran out of pre-issued codes ($latch_exhausted requests resent used codes); raise CODES above $latch_requests" >&2
  valid=0
fi
if ((latch_failed > 0)); then
  echo "INVALID: Latch answered $latch_failed requests with an error status (400 or above)" >&2
  valid=0
fi
if ((noop_failed > 0 || latch_socket_errors > 0 || noop_socket_errors > 0)); then
  echo "INVALID: errors during the run (no-op error statuses: $noop_failed, socket errors: $latch_socket_errors / $noop_socket_errors)" >&2
  valid=0
fi
((valid == 1)) || exit 1

# Judged on the exact quotient: a printed 0.50 may be 0.497.
target_ratio="$(awk -v a="$latch_rps" -v b="$noop_rps" 'BEGIN { print ((b > 0 && a / b >= 0.5) ? "met" : "MISSED") }')"
target_p99="$(awk -v p="$latch_p99_us" 'BEGIN { print ((p < 5000) ? "met" : "MISSED") }')"
echo "targets: ratio >= 0.5 $target_ratio; Latch p99 < 5 ms $target_p99"
