#!/usr/bin/env bash
# Runs the command lines the README documents (the bundled samples; then the --store ones on a fresh in-memory Azurite
# per build) with two builds of the CLI and compares what each prints to stdout, its exit code and the files it writes
# (sinks, cards, the HTML page; clock times masked):
#
#   scripts/compare-native-cli.sh <native guardrails> <reference guardrails | guardrails.dll>
#
#   dotnet publish src/Guardrails.Cli -c Release -r linux-x64 -p:PublishAot=true -o /tmp/aot
#   dotnet publish src/Guardrails.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/r2r
#   scripts/compare-native-cli.sh /tmp/aot/guardrails /tmp/r2r/guardrails
#
# One line per command line: "same" or "different" (then what differs). Exit 0 when every line is the same, 1 when any
# differs, 2 for bad arguments. stderr is shown for a difference but not compared (it names the run's temp paths).
# The storage part needs Azurite (npm ci: node_modules/.bin/azurite); GUARDRAILS_COMPARE_STORE=0 skips it.
set -uo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 <native guardrails> <reference guardrails | guardrails.dll>" >&2; exit 2; fi
for b in "$1" "$2"; do [ -f "$b" ] || { echo "error: $b does not exist" >&2; exit 2; }; done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_a=("$(realpath "$1")"); run_b=("$(realpath "$2")")
[[ "$1" == *.dll ]] && run_a=(dotnet "$(realpath "$1")")
[[ "$2" == *.dll ]] && run_b=(dotnet "$(realpath "$2")")
cd "$root"
work="$(mktemp -d)"
azurite_pid=""
cleanup() { [ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# The same terminal for both: no colours, no progress (stderr is a file), a wide table.
export TERM=dumb NO_COLOR=1 COLUMNS=200 GUARDRAILS_STATE_DIR="$work/out/state"
unset GuardrailsConfigPath GuardrailsStorage GUARDRAILS_DEBUG

M=samples/month C=samples/month/guardrails.yaml T=samples/month/telemetry I=samples/month/inventory.yaml E=samples/month/export
FF=samples/billing/focus/finops-foundation-sample/focus_1.0_sample_microsoft_rows_only.csv
EA=samples/billing/azure-cost-export/ea-legacy/finops-toolkit_EA_ActualCost_Small.csv
O="$work/out"   # where a command writes files: emptied before each run, compared after
PR="--base $M/pr/base --head $M/pr/head --config $C --at 2026-11-16T00:00:00Z"
printf 'budgets:\n  - name: x\n    amount: [1\n' > "$work/bad.yaml"

files_only=(
  "--version"
  "--help"
  "ingest --help"
  "report --help"
  "budgets --help"
  "ingest $E --config $C"
  "ingest $E --config $C --json"
  "ingest $E --config $C --format csv"
  "ingest $FF --json"
  "ingest $EA --input-format azure-ea --json"
  "ingest $FF --quarantine $O/quarantine.csv --format csv"
  "budgets --config $C --input $E --month 2026-11"
  "budgets --config $C --input $E --month 2026-11 --json"
  "budgets --config $C --input $E --month 2026-11 --format csv"
  "budgets --config $C --input $E --month 2026-11 --inventory $I --telemetry $T"
  "budgets --config $C --input $E --month 2026-11 --inventory $I --telemetry $T --json"
  "budgets --config $C --input $E --month 2026-11 --evaluate --sink $O/sink --state $O/state"
  "idle --config $C --telemetry $T --inventory $I"
  "idle --config $C --telemetry $T --inventory $I --json"
  "idle --config $C --telemetry $T --inventory $I --format csv"
  "idle --config $C --telemetry $T --inventory $I --explain"
  "idle --config $C --telemetry $T --inventory $I --sink $O/sink"
  "rightsize --telemetry $T --inventory $I --config $C"
  "rightsize --telemetry $T --inventory $I --config $C --json"
  "rightsize --telemetry $T --inventory $I --config $C --format csv"
  "rightsize --checkpoints $E --config $C"
  "rightsize --checkpoints $E --config $C --json"
  "rightsize --checkpoints $E --config $C --format csv"
  "estimate $PR"
  "estimate $PR --json"
  "estimate $PR --markdown"
  "plan --params 7e9 --tokens 2e12 --sku Standard_ND96isr_H100_v5"
  "plan --params 7e9 --tokens 2e12 --sku Standard_ND96isr_H100_v5 --mfu 0.4 --json"
  "report chargeback --month 2026-11 --input $E --config $C"
  "report chargeback --month 2026-11 --input $E --config $C --json"
  "report chargeback --month 2026-11 --input $E --config $C --csv"
  "report models --month 2026-11 --input $E --config $C"
  "report models --month 2026-11 --input $E --config $C --json"
  "report models --month 2026-11 --input $E --config $C --csv"
  "report carbon --month 2026-11 --input $E --config $C"
  "report carbon --month 2026-11 --input $E --config $C --json"
  "report --html $O/report.html --input $E --config $C --month 2026-11 --telemetry $T --inventory $I"
  # The error conventions: usage and configuration errors exit 2, runtime errors 1.
  "budgets --config $C --input $E --format table --json"
  "ingest $work/missing.csv"
  "budgets --config $work/bad.yaml --input $E"
  "report chargeback --month 2026-13 --input $E"
  "nosuchcommand"
)
# Run in this order on a fresh store per build ($S: its connection string); "fresh-store" starts an empty one.
with_store=(
  "pipeline run --store \$S --input $E/fabrikam-ml_focus-1.2_2026-11-16.csv --parts 2 --consumers 2 --config $C"
  "costs --month 2026-11 --by team --store \$S --format csv"
  "fresh-store"
  "ingest $E --config $C --store \$S"
  "costs --month 2026-11 --by team --store \$S"
  "costs --month 2026-11 --by team,project --store \$S --json"
  "budgets --config $C --month 2026-11 --store \$S --json"
  "budgets --config $C --month 2026-11 --store \$S --evaluate --sink $O/sink"
  "idle --config $C --telemetry $T --inventory $I --store \$S --json"
  "rightsize --store \$S --inventory $I --at 2026-11-16T00:00:00Z --json"
  "rightsize --store \$S --stored-only"
  "rightsize --store \$S --checkpoints --config $C --json"
  "estimate $PR --store \$S --json"
  "report chargeback --month 2026-11 --store \$S --config $C --json"
  "report models --month 2026-11 --store \$S --config $C --json"
  "report --html $O/report.html --store \$S --config $C --month 2026-11"
)

# Clock times (the HTML page's generated time, alert records, a run id) and random ids (an alert record's ETag, the
# pipeline's export run GUID) are masked.
normalize() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?Z?/<time>/g; s/[0-9]{8}(T|-)[0-9]{6}[0-9]*Z?/<time>/g; s/[0-9a-f]{32,}/<id>/g; s/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<guid>/g' "$1"; }

# run <side a|b> <key> <command line>: stdout, stderr, exit code and the files written under $work/<side>/<key>.*
run() {
  local side=$1 key=$2 line=$3 cmd
  if [ "$side" = a ]; then cmd=("${run_a[@]}"); else cmd=("${run_b[@]}"); fi
  read -r -a args <<< "$line"
  rm -rf "$O"; mkdir -p "$O" "$work/$side"
  "${cmd[@]}" "${args[@]}" > "$work/$side/$key.out" 2> "$work/$side/$key.err" < /dev/null
  echo $? > "$work/$side/$key.code"
  mv "$O" "$work/$side/$key.files"
}

differ=0
compare() {
  local key=$1 shown=$2 why=() a="$work/a/$1" b="$work/b/$1"
  cmp -s "$a.code" "$b.code" || why+=("exit $(cat "$a.code") vs $(cat "$b.code")")
  cmp -s <(normalize "$a.out") <(normalize "$b.out") || why+=("stdout")
  local fa fb; fa="$(cd "$a.files" && find . -type f | sort)"; fb="$(cd "$b.files" && find . -type f | sort)"
  if [ "$fa" != "$fb" ]; then why+=("files written")
  else
    while IFS= read -r f; do
      [ -n "$f" ] || continue
      cmp -s <(normalize "$a.files/$f") <(normalize "$b.files/$f") || why+=("file ${f#./}")
    done <<< "$fa"
  fi
  if [ ${#why[@]} -eq 0 ]; then
    echo "same       (exit $(cat "$a.code")) guardrails $shown"
  else
    differ=1
    echo "different  ($(IFS=,; echo "${why[*]}")) guardrails $shown"
    diff <(normalize "$a.out" | head -c 4000) <(normalize "$b.out" | head -c 4000) | head -20 | sed 's/^/    /'
    echo "    stderr (native): $(head -c 600 "$a.err" | tr '\n' ' ')"
    echo "    stderr (reference): $(head -c 600 "$b.err" | tr '\n' ' ')"
  fi
}

for i in "${!files_only[@]}"; do
  run a "f$i" "${files_only[$i]}"; run b "f$i" "${files_only[$i]}"; compare "f$i" "${files_only[$i]}"
done

azurite="$root/node_modules/.bin/azurite"
if [ "${GUARDRAILS_COMPARE_STORE:-1}" = 0 ]; then echo "(storage commands skipped: GUARDRAILS_COMPARE_STORE=0)"
elif [ ! -x "$azurite" ]; then echo "(storage commands skipped: $azurite is absent; npm ci --no-audit --no-fund)"
else
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  stop_store() { [ -n "$azurite_pid" ] && { kill "$azurite_pid" 2>/dev/null; wait "$azurite_pid" 2>/dev/null; }; azurite_pid=""; }
  fresh_store() {
    stop_store
    local pb pq pt; pb=$(free_port); pq=$(free_port); pt=$(free_port)
    "$azurite" --silent --inMemoryPersistence --skipApiVersionCheck --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
      --blobPort "$pb" --queuePort "$pq" --tablePort "$pt" > "$work/azurite.log" 2>&1 &
    azurite_pid=$!
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$pt") 2>/dev/null && break; sleep 0.1; done
    S="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$pb/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$pq/devstoreaccount1;TableEndpoint=http://127.0.0.1:$pt/devstoreaccount1;"
  }
  for side in a b; do
    fresh_store
    for i in "${!with_store[@]}"; do
      if [ "${with_store[$i]}" = fresh-store ]; then fresh_store; else run "$side" "s$i" "${with_store[$i]//\$S/$S}"; fi
    done
    stop_store
  done
  for i in "${!with_store[@]}"; do [ "${with_store[$i]}" = fresh-store ] || compare "s$i" "${with_store[$i]//\$S/<store>}"; done
fi
exit $differ
