#!/usr/bin/env python3
"""Generates the recorded-telemetry demo for `guardrails idle --telemetry samples/telemetry/demo`.

Synthetic values in the REAL formats (the row/label/units layout of the captures in ../fixtures): 120 minutes of
1-minute samples ending at 2026-07-14T22:00:00Z. Deterministic (no randomness); rerun to regenerate.
"""
import json, os
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
END = datetime(2026, 7, 14, 22, 0, 0, tzinfo=timezone.utc)
MINUTES = 120
BLANK = "9223372036854775794"  # dcgm-exporter blank sentinel: unknown, never a reading

def times(minutes=MINUTES):
    return [END - timedelta(minutes=m) for m in range(minutes - 1, -1, -1)]

def query_range(host, gpus, busy=lambda g, i: False):
    """Prometheus /api/v1/query_range matrix for dcgm-exporter metrics of one 8-GPU host."""
    result = []
    ts = times()
    for metric in ["DCGM_FI_PROF_GR_ENGINE_ACTIVE", "DCGM_FI_PROF_SM_ACTIVE", "DCGM_FI_DEV_GPU_UTIL",
                   "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_POWER_USAGE"]:
        for g in range(gpus):
            values = []
            for i, t in enumerate(ts):
                b = busy(g, i)
                v = {"DCGM_FI_PROF_GR_ENGINE_ACTIVE": "0.934512" if b else "0.000000",
                     "DCGM_FI_PROF_SM_ACTIVE": BLANK,  # not collected on this node: blank sentinel
                     "DCGM_FI_DEV_GPU_UTIL": "100" if b else "0",
                     "DCGM_FI_DEV_FB_USED": "61240" if b else "0",
                     "DCGM_FI_DEV_FB_FREE": "20069" if b else "81309",
                     "DCGM_FI_DEV_POWER_USAGE": "652.117000" if b else "69.850000"}[metric]
                values.append([int(t.timestamp()), v])
            result.append({"metric": {"__name__": metric, "gpu": str(g), "UUID": f"GPU-00000000-0000-0000-0000-00000000000{g}",
                                      "device": f"nvidia{g}", "modelName": "NVIDIA H100 80GB HBM3", "Hostname": host,
                                      "container": "", "namespace": "", "pod": "", "instance": "10.0.0.4:9400", "job": "dcgm"},
                           "values": values})
    return {"status": "success", "data": {"resultType": "matrix", "result": result}}

def exposition(host, gpus, minutes, busy):
    """Prometheus text exposition (dcgm-exporter scrapes with millisecond timestamps), one scrape per minute."""
    lines = ["# HELP DCGM_FI_PROF_GR_ENGINE_ACTIVE Ratio of time the graphics engine is active.",
             "# TYPE DCGM_FI_PROF_GR_ENGINE_ACTIVE gauge"]
    for t in times(minutes):
        ms = int(t.timestamp() * 1000)
        for g in range(gpus):
            b = busy(g)
            labels = f'gpu="{g}",UUID="GPU-00000000-0000-0000-0000-00000000001{g}",modelName="NVIDIA H100 80GB HBM3",Hostname="{host}"'
            lines.append(f"DCGM_FI_PROF_GR_ENGINE_ACTIVE{{{labels}}} {'0.871200' if b else '0.000000'} {ms}")
            lines.append(f"DCGM_FI_DEV_FB_USED{{{labels}}} {'58112' if b else '0'} {ms}")
            lines.append(f"DCGM_FI_DEV_FB_FREE{{{labels}}} {'23197' if b else '81309'} {ms}")
    return "\n".join(lines) + "\n"

def nvidia_smi(gpu_name, total_mib, rows):
    """nvidia-smi --query-gpu=<12 fields> --format=csv (', ' separator, units in values)."""
    out = ["timestamp, name, pci.bus_id, uuid, index, utilization.gpu [%], utilization.memory [%], memory.total [MiB], memory.used [MiB], power.draw [W], temperature.gpu, mig.mode.current"]
    for t, util, used in rows:
        stamp = t.strftime("%Y/%m/%d %H:%M:%S.") + f"{(t.minute * 7 + 353) % 1000:03d}"
        out.append(f"{stamp}, {gpu_name}, 00000001:00:00.0, GPU-00000000-0000-0000-0000-000000000000, 0, {util} %, 0 %, {total_mib} MiB, {used} MiB, 61.20 W, 38, Disabled")
    return "\n".join(out) + "\n"

def write(name, text):
    with open(os.path.join(HERE, name), "w", newline="\n") as f:
        f.write(text)

# ml-train: deallocate policy
write("train-h100-01.query_range.json", json.dumps(query_range("train-h100-01", 8), separators=(",", ":")))
write("train-h100-02.prom", exposition("train-h100-02", 8, 75, busy=lambda g: g == 6))  # 1 of 8 GPUs training
# ml-dev: mark-for-op policy
a100 = ("NVIDIA A100 80GB PCIe", 81920)
write("dev-a100-01.nvidia-smi.csv", nvidia_smi(*a100, [(t, 0, 4) for t in times()]))
write("dev-a100-02.nvidia-smi.csv", nvidia_smi(*a100, [(t, 0, 4) for i, t in enumerate(times()) if not 80 <= i < 100]))  # exporter gap
t4 = ("Tesla T4", 15360)
write("dev-t4-01.nvidia-smi.csv", nvidia_smi(*t4, [(t, 0, 0) for t in times()]))  # idle but exempt
# research: notify policy
write("notebook-t4-01.nvidia-smi.csv", nvidia_smi(*t4, [(t, 0, 2) for t in times()]))
