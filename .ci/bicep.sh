#!/usr/bin/env bash
# bicep build + bicep lint on infra/main.bicep with zero errors AND zero warnings.
# The Bicep CLI comes from NuGet (Azure.Bicep.CommandLine.linux-x64, version pinned in Directory.Packages.props),
# restored through .ci/tools/bicep/bicep-tool.csproj; the binary is tools/bicep inside the package.
# `bicep lint` exits 0 on warnings, so the output is checked as well as the exit codes.
set -uo pipefail
cd "$(dirname "$0")/.."

project=.ci/tools/bicep/bicep-tool.csproj
package=azure.bicep.commandline.linux-x64
version=$(sed -n 's/.*PackageVersion Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
[ -n "$version" ] || { echo "bicep: no PackageVersion for Azure.Bicep.CommandLine.linux-x64 in Directory.Packages.props"; exit 1; }

dotnet restore "$project" --verbosity quiet || { echo "bicep: restore of $project failed"; exit 1; }

packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
bicep="$packages/$package/$version/tools/bicep"
[ -f "$bicep" ] || { echo "bicep: binary not found at $bicep"; exit 1; }
chmod +x "$bicep"
echo "$("$bicep" --version)"

fail=0
run() { # run <label> <command...>: fail on a non-zero exit or on any Error/Warning diagnostic in the output
  local label=$1; shift
  local out rc
  out=$("$@" 2>&1); rc=$?
  [ -n "$out" ] && printf '%s\n' "$out"
  if [ $rc -ne 0 ]; then echo "bicep $label: exit code $rc"; fail=1; fi
  if printf '%s\n' "$out" | grep -Eq ': (Error|Warning|Info) [A-Za-z0-9-]+:|^(Error|Warning)'; then
    echo "bicep $label: diagnostics reported (errors, warnings or infos are not allowed)"; fail=1
  fi
}

compile() { "$bicep" build infra/main.bicep --stdout >/dev/null; } # the ARM JSON itself is not kept
run build compile
[ $fail -eq 0 ] || exit 1
run lint "$bicep" lint infra/main.bicep

# Every value in main.parameters.json must name a parameter of main.bicep (a typo would otherwise only fail at deploy).
if [ $fail -eq 0 ] && command -v python3 >/dev/null; then
  "$bicep" build infra/main.bicep --outfile "${TMPDIR:-/tmp}/guardrails-main.json" >/dev/null 2>&1 &&
  python3 - "${TMPDIR:-/tmp}/guardrails-main.json" infra/main.parameters.json <<'PY' || fail=1
import json, sys
template = json.load(open(sys.argv[1]))["parameters"]
given = json.load(open(sys.argv[2]))["parameters"]
unknown = sorted(set(given) - set(template))
if unknown:
    print("bicep: main.parameters.json names unknown parameters: " + ", ".join(unknown)); sys.exit(1)
print(f"bicep: main.parameters.json sets {len(given)} of {len(template)} parameters, all known")
PY
fi
[ $fail -eq 0 ] && echo "bicep: build and lint clean (0 errors, 0 warnings)"
exit $fail
