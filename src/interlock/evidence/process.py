"""A writer in a child process, so chaining, hashing, signing and I/O use a second core.

`ProcessBackend` starts `python -m interlock.evidence.process`, which loads the signing key
itself (the private key never crosses a pipe), opens the store and runs a `ChainWriter`.
Batches go over the child's stdin as frames (`kind` byte, 4-byte length, newline-joined
canonical records); the child answers only `R` (ready), `K` (durable flush done) and `E`
(error). If the parent dies, even by SIGKILL, the child commits every whole frame it has
received, then exits at end of input: only batches still inside the parent are lost.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import signal
import struct
import subprocess
import sys
from pathlib import Path
from typing import IO

from interlock.errors import EvidenceError

_HEADER = struct.Struct(">cI")
BATCH, DURABLE, READY, DONE, ERROR = b"B", b"D", b"R", b"K", b"E"


def _send(out: IO[bytes], kind: bytes, payload: bytes) -> None:
    out.write(_HEADER.pack(kind, len(payload)) + payload)
    out.flush()


def _recv(inp: IO[bytes]) -> tuple[bytes, bytes] | None:
    header = inp.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    kind, n = _HEADER.unpack(header)
    payload = inp.read(n)
    if len(payload) < n:
        return None
    return kind, payload


class ProcessBackend:
    """The parent's handle on a writer process for one chain."""

    def __init__(
        self,
        location: str,
        *,
        key_path: Path,
        system: str,
        enforcement_point: str,
        head_path: Path | None,
    ) -> None:
        """Start the writer process and wait until it holds the chain.

        Raises `EvidenceError` (or `SigningKeyError`, as reported by the child) if it
        cannot start, load the key, open the store or lock the chain.
        """
        config = {
            "location": str(location),
            "key": str(key_path),
            "system": system,
            "ep": enforcement_point,
            "head": None if head_path is None else str(head_path),
        }
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "interlock.evidence.process"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise EvidenceError(f"cannot start the evidence writer process: {exc}") from exc
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._in, self._out = self._proc.stdin, self._proc.stdout
        # A pipe big enough for a whole batch: one write, one wake-up of the child, instead
        # of a ping-pong of 64 KiB chunks (Linux only; elsewhere the default stays).
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(self._in.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
        try:
            self._in.write(json.dumps(config).encode() + b"\n")
            self._in.flush()
        except OSError as exc:
            self._reap()
            self._out.close()
            raise EvidenceError(f"evidence writer process died at start: {exc}") from exc
        self._next_seq = int(self._expect(READY))

    def _expect(self, kind: bytes) -> bytes:
        frame = None if self._out.closed else _recv(self._out)
        if frame is None:
            code = self._reap()
            self._out.close()
            raise EvidenceError(f"evidence writer process exited unexpectedly (code {code})")
        got, payload = frame
        if got == ERROR:
            self._reap()
            self._out.close()
            raise EvidenceError(payload.decode(errors="replace"))
        if got != kind:
            raise EvidenceError(f"evidence writer process sent {got!r}, expected {kind!r}")
        return payload

    def _reap(self) -> int | None:
        with contextlib.suppress(OSError):
            self._in.close()
        try:
            return self._proc.wait(60)
        except subprocess.TimeoutExpired:
            return None

    @property
    def next_seq(self) -> int:
        """The sequence number the next record gets (as far as this parent knows)."""
        return self._next_seq

    def commit(self, items: list[bytes], *, durable: bool) -> None:
        """Hand a batch to the child; with `durable`, wait until it is on disk.

        Raises `EvidenceError` if the child reported an error or is gone.
        """
        if not items and not durable:
            return
        try:
            _send(self._in, DURABLE if durable else BATCH, b"\n".join(items))
        except OSError as exc:
            self._expect(DONE)  # surfaces the child's own error if it sent one
            raise EvidenceError(f"evidence writer process is gone: {exc}") from exc
        if durable:
            self._next_seq = int(self._expect(DONE))
            return
        self._next_seq += len(items)
        # Notice a failed child early, without waiting: it only speaks when something broke.
        if select.select([self._out], [], [], 0)[0]:
            self._expect(DONE)

    def close(self) -> None:
        """End input, so the child commits what it has and exits; raises if it failed."""
        code = self._reap()
        frame = None if self._out.closed else _recv(self._out)
        self._out.close()
        if frame is not None and frame[0] == ERROR:
            raise EvidenceError(frame[1].decode(errors="replace"))
        if code != 0:
            raise EvidenceError(f"evidence writer process exited with code {code}")


def _child() -> int:
    # Ctrl-C reaches the whole process group; the parent decides when we stop (by closing
    # our input), so an interrupt never cuts a batch in half.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from interlock.errors import Error
    from interlock.evidence.keys import SigningKey
    from interlock.evidence.store import open_store
    from interlock.evidence.writer import ChainWriter

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    try:
        config = json.loads(inp.readline())
        store = open_store(config["location"])
        try:
            writer = ChainWriter(
                store,
                SigningKey.load(Path(config["key"])),
                system=config["system"],
                enforcement_point=config["ep"],
                head_path=None if config["head"] is None else Path(config["head"]),
            )
        except BaseException:
            store.close()
            raise
    except (Error, ValueError, KeyError) as exc:
        msg = exc.diagnostics() if isinstance(exc, Error) else f"bad writer config: {exc!r}"
        _send(out, ERROR, msg.encode())
        return 1
    _send(out, READY, str(writer.next_seq).encode())
    try:
        while (frame := _recv(inp)) is not None:
            kind, payload = frame
            writer.commit(payload.split(b"\n") if payload else [], durable=kind == DURABLE)
            if kind == DURABLE:
                _send(out, DONE, str(writer.next_seq).encode())
    except Error as exc:
        _send(out, ERROR, exc.diagnostics().encode())
        return 1
    finally:
        writer.close()
    return 0


if __name__ == "__main__":
    os._exit(_child())
