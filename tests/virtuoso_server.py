"""A scratch Virtuoso Open Source on 127.0.0.1, for tests/test_remote.py and benchmarks/scaleout.py.

    server = Virtuoso(Path("/tmp/scratch"))         # a new, empty database folder
    server.start(find_binary())                     # virtuoso-t +foreground, waits until /sparql answers
    server.store()                                  # a kg.stores.remote.RemoteStore on /sparql-auth as dba (Digest)
    server.isql("checkpoint;")                      # SQL through isql-vt (or isql) on the ISQL port
    server.stop()                                   # SIGTERM (Virtuoso checkpoints), SIGKILL after 60 s

It writes ``virtuoso.ini`` into the folder: HTTP and ISQL on free 127.0.0.1 ports, no Unix
socket, ``[SPARQL] ResultSetMaxRows`` 1,000,000 (the default 10,000 silently truncates answers),
``DirsAllowed`` the folder itself plus any ``dirs_allowed`` given (Virtuoso's bulk loader
``ld_dir`` and ``file_to_string`` only read from those). A fresh database's ``dba`` password is
``dba``. Nothing here depends on pytest: the caller decides whether a missing ``virtuoso-t`` is
a skip, a failure or a line in a report.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

USER = PASSWORD = "dba"

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {dirs}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = {threads_per_query}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/www
ServerThreads = {server_threads}
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_binary() -> str | None:
    """``virtuoso-t`` from PATH (Debian package ``virtuoso-opensource``), or None."""
    return shutil.which("virtuoso-t")


def find_isql() -> str | None:
    """Virtuoso's SQL client: Debian calls it ``isql-vt`` (``isql`` is unixODBC's)."""
    return shutil.which("isql-vt") or shutil.which("isql-v")


class Virtuoso:
    """One scratch Virtuoso server on a database folder ``root`` (created if missing).

    ``buffers``: ``NumberOfBuffers`` (8 KiB pages; 10,000 = 80 MB, enough for tests; Virtuoso
    suggests 170,000 per 2 GB of RAM to give it for larger loads), ``MaxDirtyBuffers`` three
    fifths of it. ``dirs_allowed``: more folders Virtuoso may read files from.
    """

    def __init__(
        self,
        root: Path,
        buffers: int = 10_000,
        max_rows: int = 1_000_000,
        max_seconds: int = 120,
        server_threads: int = 10,
        threads_per_query: int = 2,
        dirs_allowed: list[Path] | tuple[Path, ...] = (),
    ):
        self.root = Path(root)
        self.http = free_port()
        self.isql_port = free_port()
        self.url = f"http://127.0.0.1:{self.http}/sparql"
        self.auth_url = f"http://127.0.0.1:{self.http}/sparql-auth"
        self.buffers = buffers
        self.max_rows = max_rows
        self.max_seconds = max_seconds
        self.server_threads = server_threads
        self.threads_per_query = threads_per_query
        self.dirs_allowed = [self.root, *map(Path, dirs_allowed)]
        self.process: subprocess.Popen | None = None
        self.log = None
        self.started_in = 0.0

    @property
    def ini(self) -> Path:
        return self.root / "virtuoso.ini"

    def config(self) -> str:
        return INI.format(
            d=self.root,
            isql=self.isql_port,
            http=self.http,
            dirs=", ".join(str(p) for p in self.dirs_allowed),
            buffers=self.buffers,
            dirty=self.buffers * 3 // 5,
            threads_per_query=self.threads_per_query,
            server_threads=self.server_threads,
            max_rows=self.max_rows,
            max_seconds=self.max_seconds,
        )

    def start(self, binary: str | None = None, wait: float = 90.0) -> None:
        """Start ``virtuoso-t +foreground`` and wait until ``/sparql`` answers; RuntimeError if it does not."""
        binary = binary or find_binary()
        if binary is None:
            raise RuntimeError("virtuoso-t is not installed")
        began = time.monotonic()
        (self.root / "www").mkdir(parents=True, exist_ok=True)
        self.ini.write_text(self.config(), encoding="utf-8")
        self.log = (self.root / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(self.ini)],
            cwd=self.root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = began + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        self.started_in = time.monotonic() - began
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"Virtuoso did not answer on {self.url} within {wait:g} s:\n{self.tail()}")

    def tail(self) -> str:
        text = ""
        for name in ("stdout.log", "virtuoso.log"):
            path = self.root / name
            if path.exists():
                text += f"--- {name}\n" + path.read_text(errors="replace")[-3000:]
        return text

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # Virtuoso checkpoints and exits on SIGTERM
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log is not None:
            self.log.close()
            self.log = None

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB (0 when it is not running)."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def store(self, **options):
        """A :class:`kg.stores.remote.RemoteStore` that writes through ``/sparql-auth`` as dba (Digest)."""
        from kg.stores.remote import RemoteStore

        return RemoteStore(self.auth_url, user=USER, password=PASSWORD, **options)

    def environ(self) -> dict[str, str]:
        """The environment for ``kg --store AUTH_URL`` to write as dba."""
        return {"KG_STORE_USER": USER, "KG_STORE_PASSWORD": PASSWORD}

    def isql(self, sql: str, timeout: float = 3600) -> str:
        """Run SQL statements (each ending in ``;``) through Virtuoso's isql as dba; their output.

        Raises RuntimeError when isql is missing, fails, or reports an SQL error (``*** Error``).
        """
        client = find_isql()
        if client is None:
            raise RuntimeError("isql-vt (Virtuoso's isql) is not installed")
        done = subprocess.run(
            [client, f"127.0.0.1:{self.isql_port}", USER, PASSWORD, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"],
            check=False,
            input=sql.rstrip() + "\nexit;\n",
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C"},
        )
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql failed ({done.returncode}): {out.strip()[-1500:]}")
        return out
