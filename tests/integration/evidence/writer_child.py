"""A child process that writes evidence forever (until killed), printing its progress.

Used by the SIGKILL test: it flushes every 500 records and reports the flushed count on
stdout, so the parent knows what must survive.
"""

from __future__ import annotations

import sys
from pathlib import Path

from interlock.evidence import WriterMode, open_log


def main() -> None:
    location = Path(sys.argv[1])
    log = open_log(
        location,
        system="support-desk",
        enforcement_point="ep-1",
        checkpoint_every=100,
        checkpoint_interval_ms=5,
        writer=WriterMode(sys.argv[2]),
    )
    i = 0
    while True:
        log.emit(
            {
                "kind": "tool_call",
                "session": f"s-{i % 9}",
                "tool": "send_email",
                "effect": "deny",
                "detail": {"i": i},
            }
        )
        i += 1
        if i % 500 == 0:
            log.flush()
            print(i, flush=True)


if __name__ == "__main__":
    main()
