#!/usr/bin/env bash
# Regenerates docs/images/dashboard-1440.png and docs/images/dashboard-390.png from the generated sample month
# (samples/month): the browser test ingests it into Azurite with its idle cost, serves the dashboard on 127.0.0.1 and
# takes a full-page screenshot in headless Chromium (/usr/bin/chromium) at 1440 and 390 px.
# Needs: the .NET SDK, Azurite (npm ci --no-audit --no-fund), Debian's Chromium.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -x /usr/bin/chromium ] || { echo "error: /usr/bin/chromium is absent (apt-get install -y chromium)" >&2; exit 2; }
[ -d node_modules ] || npm ci --no-audit --no-fund
mkdir -p docs/images
export GUARDRAILS_SCREENSHOT_DIR="$root/docs/images"
dotnet test tests/Guardrails.Cli.BrowserTests --filter "FullyQualifiedName~DashboardWorkflowBrowserTests.Sample_month_screenshots_at_1440_and_390_px" \
  --logger "console;verbosity=normal" | grep -E "Screenshot:|Passed|Failed|Skipped"
ls -l docs/images/dashboard-1440.png docs/images/dashboard-390.png
