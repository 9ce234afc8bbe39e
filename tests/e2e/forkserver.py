"""A warm `python -m bot`: imports the bot once, then forks a bot process per request.

Importing the bot (aiogram builds some 600 pydantic models, then aiogram-dialog, SQLAlchemy,
the handlers…) is most of a bot's start: 3 s on a quiet machine, 10 to 15 s on a busy one,
paid by every e2e test. This process pays it once per test worker; each bot is then a fork
of it that runs the same `bot.__main__.main()` as `python -m bot`, in its own process with its
own environment, working directory, log and exit status.

Protocol (one JSON object a line): the harness writes {"id", "env", "cwd", "log", "argv"};
this process answers {"id", "pid"} once the bot is forked, and {"exited": pid, "status": rc}
when it ends (rc as subprocess reports it: negative for a signal). End of input ends this
process and any bot it still runs.

Nothing here may start a thread or an event loop before forking: a fork copies only the
forking thread.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import signal
import sys
import threading
import traceback
from typing import Any

# What `python -m bot` imports at once, and what it imports on first use (charts, PDF,
# spreadsheets, Redis): imported here, a fork finds them ready.
PRELOAD = (
    "bot.__main__",
    "bot.runner",
    "services.reports.draw",
    "services.documents.pdf",
    "openpyxl",
    "aiogram.fsm.storage.redis",
)


def preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # optional extras: the bot imports them itself when it needs them
            pass
    from locales import LANGUAGES, translator

    for lang in LANGUAGES:  # parsed once here, not by every bot
        translator(lang)


def exit_status(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def run_bot(request: dict[str, Any], closing: list[int]) -> None:
    """In the forked child: become `python -m bot` with the request's environment."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in closing:
            os.close(fd)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["python -m bot", *request["argv"]]
        from bot.__main__ import main

        try:
            code = main(request["argv"])
        except SystemExit as exc:  # as the interpreter turns sys.exit() into a status
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()  # logging's flush and close, as at a normal exit
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    proto_in = 0  # stdin
    proto_out = os.dup(1)
    os.dup2(2, 1)  # a stray print must not reach the protocol
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    children: set[int] = set()
    buffer = b""

    def say(message: dict[str, Any]) -> None:
        os.write(proto_out, (json.dumps(message) + "\n").encode())

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)
            say({"exited": pid, "status": exit_status(status)})

    while True:
        try:
            ready, _, _ = select.select([proto_in, wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in ready:
            os.read(wake_r, 4096)
        reap()
        if proto_in not in ready:
            continue
        chunk = os.read(proto_in, 65536)
        if not chunk:  # the test worker is gone or done: so are its bots
            for pid in children:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                run_bot(request, [proto_out, wake_r, wake_w])  # stdin: replaced below
            children.add(pid)
            say({"id": request["id"], "pid": pid})


def main() -> None:
    preload()
    # A fork copies one thread and the logging set-up: both must be as a fresh interpreter's.
    alone = threading.active_count() == 1 and not logging.getLogger().handlers
    os.write(1, (json.dumps({"ready": alone}) + "\n").encode())
    if alone:
        serve()


if __name__ == "__main__":
    main()
