#!/usr/bin/env python3
"""Linux on-demand VM prices for every size and region (samples/prices/linux-ondemand.csv) from Azure/karpenter-provider-azure's
generated price table (Apache-2.0; see samples/prices/SOURCES.md, source 4).

How it was run (2026-12-08):
    git --git-dir <mirror of Azure/karpenter-provider-azure> show \
        352646f599290c3a6d2f9710fb535a7b288f88ed:pkg/providers/pricing/zz_generated.pricing.go > /tmp/zz.go
    python3 scripts/karpenter-prices.py /tmp/zz.go \
        karpenter-provider-azure@2b431da1:pkg/providers/pricing/zz_generated.pricing.go > samples/prices/linux-ondemand.csv

Only values are read (the Go map literal `initialOnDemandPrices["<region>"] = map[string]float64{"<size>": <price>, ...}`),
no code is copied. Output: a header `armSkuName,<region>,...` (regions sorted) then one row per size (sorted), each cell
the USD hourly price exactly as written with trailing zeros dropped, empty where the file has no price. Two comment lines
come first: `# generated-at <date>` (from the file's `// generated at` header) and `# source <the second argument>`. Dropped, and counted on stderr:
- names that are not VM sizes (dedicated-host types such as `Dadsv5_Type1`: no `Standard_`/`Basic_` prefix);
- prices of zero or less (placeholders: a VM-hour is never free);
- `Standard_NCC*` (confidential H100: its Windows product is named `... Srs Win`, which karpenter's `" Windows"` suffix test
  misses, so its value is not reliably the Linux price).
"""
import re
import sys
from decimal import Decimal

path, source = sys.argv[1], sys.argv[2]
text = open(path, encoding='utf-8').read()
generated = re.search(r'^// generated at (\d{4}-\d{2}-\d{2})T', text, re.M)
if not generated:
    sys.exit('no "// generated at" header')

prices = {}  # (size, region) -> price text
region = None
dropped = {'not a VM size': 0, 'zero or less': 0, 'Standard_NCC (OS unreliable)': 0}
for line in text.splitlines():
    m = re.match(r'\s*initialOnDemandPrices\["([a-z0-9]+)"\] = map\[string\]float64\{', line)
    if m:
        region = m.group(1)
        continue
    m = re.match(r'\s*"([^"]+)":\s*([0-9.]+),\s*$', line)
    if not m:
        continue
    if region is None:
        sys.exit(f'price outside a region: {line}')
    size, value = m.group(1), Decimal(m.group(2))
    if not (size.startswith('Standard_') or size.startswith('Basic_')):
        dropped['not a VM size'] += 1
        continue
    if value <= 0:
        dropped['zero or less'] += 1
        continue
    if size.startswith('Standard_NCC'):
        dropped['Standard_NCC (OS unreliable)'] += 1
        continue
    if (size, region) in prices:
        sys.exit(f'repeated price: {size} {region}')
    text_value = format(value.normalize(), 'f')
    prices[(size, region)] = text_value

regions = sorted({r for _, r in prices})
sizes = sorted({s for s, _ in prices}, key=str.lower)
out = sys.stdout
out.write(f'# generated-at {generated.group(1)}\n')
out.write(f'# source {source}\n')
out.write('armSkuName,' + ','.join(regions) + '\n')
for size in sizes:
    out.write(size + ',' + ','.join(prices.get((size, r), '') for r in regions) + '\n')
print(f'{len(prices)} prices, {len(sizes)} sizes, {len(regions)} regions; dropped: {dropped}', file=sys.stderr)
