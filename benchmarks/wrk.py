"""Throughput with ``wrk``, a load generator written in C, so that no ratio is capped by the client.

    python benchmarks/wrk.py --url http://127.0.0.1:8000/sparql --params benchmarks/data/params-1000.json
                             [--kinds lookup,describe] [--connections 8] [--seconds 5] [--repeated]

The Python driver (:mod:`load`) tops out near 4,000 requests/s on 2 cores, below what the servers
can do on small queries; ``wrk`` does not. It sends exactly the requests :func:`load.make_request`
makes (same query texts, same ``Accept``), generated in wrk's Lua from a template per parameter
value: in uncached mode the serial number goes into the no-op clause, so no text repeats on a
server (each wrk thread takes every ``threads``-th serial from ``start`` on). wrk does not read
the answers; :mod:`load` checks them (status, row counts) and gives the latency detail, and here
any non-2xx answer or socket error makes the cell fail.

``wrk`` is Debian's package ``wrk``: :func:`ensure_wrk` installs it with ``apt-get`` when it is
missing and the benchmark runs as root, and otherwise says how. Only 127.0.0.1 is ever loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:
    from benchmarks import load
except ImportError:  # run as a script from benchmarks/
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import load  # noqa: E402

SENTINEL = "\x00"  # stands for the serial number while the templates are made


class WrkMissing(RuntimeError):
    pass


def ensure_wrk(install: bool = True) -> str:
    """The path of ``wrk``; installs Debian's package when missing and allowed (root, apt-get)."""
    found = shutil.which("wrk")
    if found:
        return found
    if install and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL, check=False)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, stdout=subprocess.DEVNULL, check=False)
        found = shutil.which("wrk")
        if found:
            return found
    raise WrkMissing(
        "wrk is not installed: install Debian's package (`sudo apt-get install -y wrk`) and run again; "
        "the throughput cells need it (the Python driver alone caps near 4,000 requests/s)"
    )


@dataclass
class WrkCell:
    kind: str
    connections: int
    seconds: float
    requests: int
    errors: int  # socket errors and non-2xx answers
    rate: float  # requests per second
    p50_ms: float | None
    p99_ms: float | None
    bytes: int
    start: int  # the first serial used (uncached mode)

    @property
    def ok(self) -> bool:
        return self.requests > 0 and self.errors == 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def templates(target: load.Target, kind: str, params: dict, repeated: bool) -> list[tuple[str, str, str]]:
    """``(prefix, suffix, accept)`` per parameter value: a request's path is prefix + number + suffix.

    The number is the serial itself (DESCRIBE, OFFSET) or ``LIMIT_BASE + serial``; it is written in
    by Lua. In repeated mode the paths are whole (empty suffix, no number) and cycle over the first
    :data:`load.REPEATED_SET` values.
    """
    count = len(_values_list(kind, params))
    if repeated:
        paths = []
        for serial in range(load.REPEATED_SET):
            request = load.make_request(kind, params, serial, unique=False)
            paths.append((target.query_path(request.query), "", request.accept))
        return paths
    out = []
    for serial in range(count):
        request = load.make_request(kind, params, serial)
        number = str(serial if kind in ("describe", "rows100k") else load.LIMIT_BASE + serial)
        text = request.query
        cut = text.rindex(number)
        path = target.query_path(text[:cut] + SENTINEL + text[cut + len(number):])
        prefix, suffix = path.split("%00")
        out.append((prefix, suffix, request.accept))
    return out


def _values_list(kind: str, params: dict) -> list:
    name = {"lookup": "qids", "by_speaker": "speakers", "per_place": "kind_months", "cross_graph": "graphs",
            "contains": "words", "describe": "entities"}.get(kind)
    return params[name] if name else [None]


_LUA = r"""
local templates = {}
local offset = 0
local base = 0
local repeated = false
local step = 1
local n = 0

local function lua_string(s) return s end

function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("id", thread_count - 1)
end

function init(args)
  local path = args[1]
  base = tonumber(args[2])
  offset = tonumber(args[3])
  step = tonumber(args[4])
  repeated = args[5] == "1"
  local f = io.open(path, "r")
  while true do
    local prefix = f:read("*l")
    if prefix == nil then break end
    local suffix = f:read("*l")
    local accept = f:read("*l")
    templates[#templates + 1] = {prefix, suffix, accept}
  end
  f:close()
  n = offset + id
end

function request()
  local serial = n
  n = n + step
  local t = templates[(serial % #templates) + 1]
  local path
  if repeated then
    path = t[1]
  else
    path = t[1] .. tostring(base + serial) .. t[2]
  end
  return wrk.format("GET", path, {["Accept"] = t[3]})
end

function done(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"bytes\": %d, \"connect\": %d, \"read\": %d, \"write\": %d, \"timeout\": %d, \"status\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.bytes, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, summary.duration, latency:percentile(50), latency:percentile(99)))
end
"""


def run(
    url: str,
    kind: str,
    params: dict,
    *,
    connections: int = 8,
    seconds: float = 5.0,
    threads: int | None = None,
    start: int = 0,
    repeated: bool = False,
    wrk: str | None = None,
    timeout: float = 30.0,
) -> WrkCell:
    """One cell: ``kind`` against the endpoint ``url`` for ``seconds`` with ``connections``."""
    target = load.Target(url)  # refuses anything but 127.0.0.1
    wrk = wrk or ensure_wrk()
    threads = threads or min(2, connections)
    base = 0 if kind in ("describe", "rows100k") else load.LIMIT_BASE
    with tempfile.TemporaryDirectory(prefix="wrk-") as tmp:
        table = Path(tmp) / "templates.txt"
        with open(table, "w", encoding="ascii") as f:
            for prefix, suffix, accept in templates(target, kind, params, repeated):
                f.write(f"{prefix}\n{suffix}\n{accept}\n")
        script = Path(tmp) / "mix.lua"
        script.write_text(_LUA, encoding="ascii")
        command = [
            wrk, "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", f"{timeout:g}s",
            "-s", str(script), f"http://127.0.0.1:{target.port}/",
            "--", str(table), str(base), str(start), str(threads), "1" if repeated else "0",
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 30)
    match = re.search(r"^JSON (\{.*\})$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")
    data = json.loads(match.group(1))
    duration = data["duration_us"] / 1e6
    errors = data["connect"] + data["read"] + data["write"] + data["timeout"] + data["status"]
    return WrkCell(
        kind=kind,
        connections=connections,
        seconds=duration,
        requests=data["requests"],
        errors=errors,
        rate=data["requests"] / duration if duration else 0.0,
        p50_ms=data["p50_us"] / 1000 if data["requests"] else None,
        p99_ms=data["p99_us"] / 1000 if data["requests"] else None,
        bytes=data["bytes"],
        start=start,
    )


def session_cpu(pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) used so far by each process in ``pid``'s session, with its
    kind: ``workers`` (kg's query worker processes) or ``server`` (everything else: for kg serve
    the granian process with its Rust threads, the event loop and the Flask threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    sid = os.getsid(pid)
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getsid(int(entry)) != sid:
                continue
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                worker = b"kg.execution.worker" in f.read()
        except (OSError, ProcessLookupError):
            continue
        found[int(entry)] = ("workers" if worker else "server", (int(fields[11]) + int(fields[12])) / tick)
    return found


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds used between two :func:`session_cpu` snapshots, by kind. Processes that ended in
    between are not counted (a worker replaced after a long query, or one a client abandoned), nor
    the part before the first snapshot of those that started in between."""
    used = {"server": 0.0, "workers": 0.0}
    for pid, (kind, seconds) in after.items():
        used[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    return used


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the SPARQL endpoint, on 127.0.0.1")
    parser.add_argument("--params", type=Path, required=True, help="params-N.json from generate.py")
    parser.add_argument("--kinds", default=",".join(load.SMALL))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--start", type=int, default=0, help="first serial (uncached mode)")
    parser.add_argument("--repeated", action="store_true", help="repeat a few queries (result cache) instead of unique texts")
    parser.add_argument("--pid", type=int, help="also report the CPU time per request of this server's session (Linux /proc)")
    args = parser.parse_args(argv)
    params = load.load_params(args.params)
    status = 0
    for kind in [k.strip() for k in args.kinds.split(",") if k.strip()]:
        before = session_cpu(args.pid) if args.pid else None
        cell = run(args.url, kind, params, connections=args.connections, seconds=args.seconds, start=args.start,
                   repeated=args.repeated)
        p50 = f"{cell.p50_ms:.2f}" if cell.p50_ms is not None else "-"
        p99 = f"{cell.p99_ms:.2f}" if cell.p99_ms is not None else "-"
        cpu = ""
        if before is not None and cell.requests:
            used = {k: v * 1000 / cell.requests for k, v in cpu_used(before, session_cpu(args.pid)).items()}
            cpu = f"  CPU {used['server'] + used['workers']:.3f} ms/request (server {used['server']:.3f}, query workers {used['workers']:.3f})"
        print(f"{kind:12} {cell.rate:10,.0f} req/s  {cell.requests:8,} requests  {cell.errors} errors  p50 {p50} ms  p99 {p99} ms{cpu}")
        status |= 0 if cell.ok else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
