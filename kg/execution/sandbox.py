"""Take the network away from a query worker process: no socket but Unix ones can be opened.

This is the second line behind :mod:`kg.sparqltext.guard`: whatever a query text manages to
ask for, Oxigraph in a worker cannot open a TCP or UDP socket, so ``SERVICE`` and any other
fetch fail with "permission denied" whatever the address (and say nothing about which ports are
open). It is a seccomp filter (Linux), installed with ``prctl``, which any process may do for
itself; a worker whose operator allowed federation (``--allow-service``) runs without it.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2

_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_ALLOW = 0x7FFF0000
_DENY = 0x00050000 | errno.EACCES
_AF_UNIX = 1

# (audit arch, socket syscall number) per machine
_MACHINES = {
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _op(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def deny_network() -> bool:
    """Install the filter in this process (and its future threads); False where Linux or the
    machine does not allow it (the guard then stands alone)."""
    machine = _MACHINES.get(platform.machine())
    if machine is None or platform.system() != "Linux":
        return False
    arch, socket_nr = machine
    # Jumps count instructions from the next one.
    program = b"".join(
        [
            _op(_LD_W_ABS, 0, 0, 4),  # 0: seccomp_data.arch
            _op(_JEQ_K, 1, 0, arch),  # 1: this machine's ABI -> 3
            _op(_RET_K, 0, 0, _DENY),  # 2: another ABI: refuse everything rather than guess
            _op(_LD_W_ABS, 0, 0, 0),  # 3: seccomp_data.nr
            _op(_JGE_K, 3, 0, 0x40000000),  # 4: x32 system calls on x86_64 -> 8
            _op(_JEQ_K, 0, 3, socket_nr),  # 5: not socket() -> 9
            _op(_LD_W_ABS, 0, 0, 16),  # 6: args[0] (low word): the address family
            _op(_JEQ_K, 1, 0, _AF_UNIX),  # 7: a Unix socket -> 9
            _op(_RET_K, 0, 0, _DENY),  # 8
            _op(_RET_K, 0, 0, _ALLOW),  # 9
        ]
    )
    buffer = ctypes.create_string_buffer(program)
    prog = _Filter(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0
