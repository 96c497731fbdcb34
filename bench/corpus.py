"""Corpus throughput and memory: --jobs 1, --jobs 2, every core, a local Dask cluster.

Usage: python bench/corpus.py [--shared ../shared] [--mb 30] [--old-geomap PATH]

Builds a JSONL corpus of at least ``--mb`` MB from the dev texts in SHARED/eval (each
copy of a text gets its own id), then runs the real command
``geomap extract --offline CORPUS -o OUT`` once per mode, in one run, and prints per
mode: wall time, KB/s and documents/s, the peak resident memory of every process of
the run (the CLI and its workers; read from /proc, VmHWM, while it runs), scaling
against --jobs 1, and whether the output is byte-identical to --jobs 1.

``--old-geomap`` also runs an older geomap executable (e.g. commit 176dca1 installed in
a second virtualenv) on the same corpus, as the baseline of the speed-up ratios.
The Dask mode starts ``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1``
(profiler off) on 127.0.0.1 and passes ``--dask-scheduler``; its peaks include the
scheduler and the nanny. Reads ../shared, which is for measuring
only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ["geowebnews", "lgl", "trnews", "geovirus"]


def build_corpus(shared: Path, target: Path, megabytes: float) -> tuple[int, int]:
    texts = []
    for name in CORPORA:
        for line in (shared / "eval" / f"{name}.dev.jsonl").read_text("utf-8").splitlines():
            record = json.loads(line)
            texts.append((str(record["id"]), record["text"]))
    size = docs = 0
    copy = 0
    with target.open("w", encoding="utf-8") as handle:
        while size < megabytes * 1e6:
            for doc_id, text in texts:
                line = json.dumps({"id": f"{doc_id}/{copy}", "text": text}) + "\n"
                handle.write(line)
                size += len(line.encode())
                docs += 1
            copy += 1
    return size, docs


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def _hwm_kib(pid: int) -> tuple[str, int] | None:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            status = handle.read()
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmd = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")[:80]
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return cmd, int(line.split()[1])
    return None


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(
    cmd: list[str], watch: list[int] | None = None
) -> tuple[float, dict[int, tuple[str, int]], float, float]:
    """Run ``cmd``; wall seconds, the peak RSS of each process of its tree (and of the
    trees of ``watch``, e.g. Dask workers started elsewhere), the CPU seconds of the
    ``geomap`` process itself (the driver: reading, handing out, writing) and of every
    process watched (workers, scheduler) over the run."""
    peaks: dict[int, tuple[str, int]] = {}
    cpu_before = {pid: _cpu_seconds(pid) for root in (watch or []) for pid in _tree(root)}
    cpu_seen: dict[int, float] = {}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    driver = 0.0
    while proc.poll() is None:
        for root in [proc.pid, *(watch or [])]:
            for pid in _tree(root):
                found = _hwm_kib(pid)
                if found and found[1] >= peaks.get(pid, ("", 0))[1]:
                    peaks[pid] = found
                cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), _cpu_seconds(pid))
        driver = max(driver, cpu_seen.get(proc.pid, 0.0))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:]}")
    total = sum(cpu - cpu_before.get(pid, 0.0) for pid, cpu in cpu_seen.items())
    return wall, peaks, driver, total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--mb", type=float, default=30.0, help="corpus size in MB")
    parser.add_argument("--old-geomap", help="an older geomap executable to compare against")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()

    geomap = shutil.which("geomap", path=str(Path(sys.executable).parent)) or "geomap"
    work = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    corpus = work / "corpus.jsonl"
    size, docs = build_corpus(args.shared, corpus, args.mb)
    cores = len(os.sched_getaffinity(0))
    print(f"corpus: {size / 1e6:.1f} MB, {docs} documents; machine: {cores} cores")

    modes: list[tuple[str, list[str], list[int]]] = []
    if args.old_geomap:
        modes.append(("old geomap (baseline)", [args.old_geomap], []))
    modes += [
        ("--jobs 1", [geomap, "--jobs", "1"], []),
        ("--jobs 2", [geomap, "--jobs", "2"], []),
        (f"--jobs 0 (every core: {cores})", [geomap, "--jobs", "0"], []),
    ]
    daemons: list[subprocess.Popen[bytes]] = []
    if not args.skip_dask:
        dask = str(Path(sys.executable).parent / "dask")
        port = _free_port()
        address = f"tcp://127.0.0.1:{port}"
        daemons.append(
            subprocess.Popen(
                [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        daemons.append(
            subprocess.Popen(
                [
                    dask,
                    "worker",
                    address,
                    "--nworkers",
                    "2",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                # Dask's statistical profiler samples the worker's stack every 10 ms:
                # about 8% of a pure-Python task's time. docs/performance.md.
                env={**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"},
            )
        )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        modes.append(
            (
                "Dask, 2 workers x 1 thread",
                [geomap, "--dask-scheduler", address],
                [daemons[0].pid, daemons[1].pid],
            )
        )

    rows = []
    reference = None
    try:
        for label, base, watch in modes:
            out = work / "out.jsonl"
            cmd = [base[0], "extract", "--offline", str(corpus), "-o", str(out), *base[1:]]
            wall, peaks, driver, total = run(cmd, watch)
            digest = _digest(out)
            if label == "--jobs 1":
                reference = digest
            rows.append((label, wall, peaks, digest, driver, total))
            print(f"  {label}: {wall:.1f} s", flush=True)
    finally:
        for daemon in reversed(daemons):
            daemon.terminate()
            daemon.wait(timeout=30)
    base_wall = next(row[1] for row in rows if row[0] == "--jobs 1")

    print()
    print(
        "| mode | wall s | KB/s | docs/s | vs --jobs 1 | efficiency | peak RSS per process "
        "(MiB) | driver CPU s/MB | CPU s, all processes | same bytes as --jobs 1 |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for label, wall, peaks, digest, driver, total in rows:
        workers = 2 if ("2" in label or "Dask" in label) else (cores if "0" in label else 1)
        speedup = base_wall / wall
        largest = sorted((kib / 1024 for _, kib in peaks.values()), reverse=True)
        same = "-" if "old" in label else ("yes" if digest == reference else "NO")
        print(
            f"| {label} | {wall:.1f} | {size / 1e3 / wall:.0f} | {docs / wall:.0f} | "
            f"{speedup:.2f}x | {speedup / workers:.0%} | "
            f"{', '.join(f'{m:.0f}' for m in largest[:6])} | {driver / (size / 1e6):.3f} | "
            f"{total:.0f} | {same} |"
        )
    print("\nper-process peaks (MiB, command):")
    for label, _, peaks, *_ in rows:
        print(f"  {label}:")
        for cmd, kib in sorted(peaks.values(), key=lambda p: -p[1])[:6]:
            print(f"    {kib / 1024:6.0f}  {cmd}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
