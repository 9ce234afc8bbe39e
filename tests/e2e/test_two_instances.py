"""Two `python -m bot` processes on one PostgreSQL and one Redis behind one webhook URL.

A balancer on loopback hands one person's updates to the two instances in turn. Nothing is
handled twice or lost (every update has exactly one line in one of the two logs), a dialog
started on one instance goes on on the other, one instance leads the scheduler, and killing
it hands the lead over. The metrics and /health answer on both, and no secret reaches a log.
"""

from __future__ import annotations

import asyncio
import re
import signal
import uuid
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tests.conftest import PG_URL, _pg_available
from tests.e2e.conftest import OWNER_ID
from tests.e2e.harness import TOKEN, WAIT_SECONDS, BotProcess, FakeTelegram, User
from tests.e2e.test_scaleout import REDIS_URL, _free_port, _redis_available, _redis_keys

DB_PASSWORD = "db-Pa55-never-logged"
WEBHOOK_SECRET = "hook-Secret-never-logged"
SMTP_PASSWORD = "smtp-Pa55-never-logged"
UPDATE_LINE = re.compile(r"update=(\d+) user=(\S+) kind=(\S+) handler=(\S+) .*outcome=(\w+)")


class Balancer:
    """One public webhook URL; each update goes to the next live instance in turn."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.ports: list[int] = []
        self.routed: list[tuple[int, int]] = []  # (update_id, port)
        self._next = 0
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.port = _free_port()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    async def __aenter__(self) -> Balancer:
        app = web.Application()
        app.router.add_post(self.path, self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._http is not None and self._runner is not None
        await self._http.close()
        await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        update_id = int((await request.json())["update_id"])
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = "application/json"
        for _ in range(len(self.ports)):
            port = self.ports[self._next % len(self.ports)]
            self._next += 1
            try:
                async with self._http.post(
                    f"http://127.0.0.1:{port}{self.path}", data=body, headers=headers
                ) as resp:
                    payload = await resp.read()
                    self.routed.append((update_id, port))
                    return web.Response(
                        status=resp.status, body=payload, content_type=resp.content_type
                    )
            except aiohttp.ClientConnectionError:
                continue  # that instance is gone: the next one takes it
        return web.Response(status=502)


async def _get(port: int, path: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as resp,
    ):
        return resp.status, await resp.text()


async def _leads(port: int) -> bool | None:
    try:
        status, text = await _get(port, "/metrics")
    except aiohttp.ClientConnectionError:
        return None
    assert status == 200
    found = re.search(r"^vm_scheduler_leader (\S+)$", text, re.M)
    assert found, text
    return float(found.group(1)) == 1.0


async def _wait_leaders(ports: list[int], want: int) -> int:
    """Until exactly one of the ports leads, and it is `want` (or any, if want is 0)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while True:
        leads = {p: await _leads(p) for p in ports}
        leaders = [p for p, v in leads.items() if v]
        if len(leaders) == 1 and want in (0, leaders[0]):
            return leaders[0]
        assert loop.time() < deadline, f"scheduler leaders: {leads}"
        await asyncio.sleep(0.3)


def _handled(log: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(5) for m in UPDATE_LINE.finditer(log)}


async def _all_handled(fake: FakeTelegram, bots: list[BotProcess]) -> None:
    """Until every delivered update has its line: written once the update is done, state
    saved included, so killing an instance after this loses nothing it accepted."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while True:
        delivered = {u["update_id"] for u in fake.webhook_deliveries}
        handled: set[int] = set()
        for bot in bots:
            handled |= set(_handled(bot.log()))
        if delivered <= handled:
            return
        assert loop.time() < deadline, f"not handled: {sorted(delivered - handled)}"
        await asyncio.sleep(0.1)


async def test_two_instances_share_one_webhook(tmp_path: Path) -> None:
    if not await _pg_available():
        pytest.skip(f"no PostgreSQL answers at {PG_URL}")
    if not await _redis_available():
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    import asyncpg

    name = f"vm_e2e_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    await admin.execute(f"CREATE DATABASE {name}")
    prefix = f"t{uuid.uuid4().hex[:8]}"
    host = PG_URL.split("://", 1)[1].split("@", 1)[1].rsplit("/", 1)[0]
    user = PG_URL.split("://", 1)[1].split("@", 1)[0].split(":", 1)[0]
    # trust authentication ignores the password: it is here to prove it never gets logged
    database_url = f"postgresql+asyncpg://{user}:{DB_PASSWORD}@{host}/{name}"
    try:
        async with (
            FakeTelegram(default_timeout=WAIT_SECONDS) as fake,
            Balancer("/tg/hook") as balancer,
        ):
            bots: list[BotProcess] = []
            for tag, level in (("a", "INFO"), ("b", "DEBUG")):
                port = _free_port()
                (tmp_path / tag).mkdir()
                bot = BotProcess(
                    fake,
                    tmp_path / tag,
                    env={
                        "ADMIN_IDS": str(OWNER_ID),
                        "DATABASE_URL": database_url,
                        "REDIS_URL": REDIS_URL,
                        "REDIS_PREFIX": prefix,
                        "DEMO_DATA": "1",
                        "DEMO_NUMBERS": "60",
                        "WEBHOOK_URL": balancer.url,
                        "WEBHOOK_HOST": "127.0.0.1",
                        "WEBHOOK_PORT": str(port),
                        "WEBHOOK_SECRET": WEBHOOK_SECRET,
                        "SMTP_PASSWORD": SMTP_PASSWORD,
                        "SCHEDULER_INTERVAL_SECONDS": "1",
                        "LOG_LEVEL": level,
                    },
                )
                await bot.start()  # one after the other: the first one migrates and seeds
                bots.append(bot)
                balancer.ports.append(port)
            ports = list(balancer.ports)
            try:
                for port in ports:
                    status, text = await _get(port, "/health")
                    assert status == 200, text
                    assert '"database": true' in text and '"redis": true' in text
                leader = await _wait_leaders(ports, 0)

                owner = User(id=OWNER_ID, first_name="Ольга", language_code="ru")
                await fake.send_command(owner, "/start")
                menu = await fake.wait_text(owner, "Виртуальный менеджер")
                await fake.click(owner, menu, "👥 Пользователи и роли")
                await fake.click(
                    owner, await fake.wait_text(owner, "Пригласите"), "➕ Пригласить пользователя"
                )
                await fake.click(owner, await fake.wait_text(owner, "Выберите роль"), "аудитор")
                await fake.wait_text(owner, "Какие номера")
                await _all_handled(fake, bots)

                # the leader dies without a word; the other one takes the lead and the dialog
                survivor = next(p for p in ports if p != leader)
                dead = bots[ports.index(leader)]
                await dead.stop(kill=True)
                assert dead.proc is not None and dead.proc.returncode == -signal.SIGKILL
                await _wait_leaders([survivor], survivor)
                await fake.click(owner, menu, "Вся компания")
                await fake.wait_text(owner, "Сколько действует")
                await _all_handled(fake, bots)

                status, text = await _get(survivor, "/metrics")
                assert 'vm_updates_total{kind="callback_query",outcome="ok"}' in text
                assert "vm_operations_running 0.0" in text
            finally:
                for bot in bots:
                    await bot.stop()

            # both instances took part, and every update was handled once, by one of them
            routed = dict(balancer.routed)
            assert {p for _, p in balancer.routed} == set(ports)
            logs = [bot.log() for bot in bots]
            handled = [_handled(text) for text in logs]
            assert not set(handled[0]) & set(handled[1]), "an update was handled twice"
            delivered = {u["update_id"] for u in fake.webhook_deliveries}
            assert set(handled[0]) | set(handled[1]) == delivered == set(routed)
            assert set(handled[0].values()) | set(handled[1].values()) == {"ok"}
            for text in logs:
                assert "Traceback" not in text, text[-4000:]
                for secret in (
                    TOKEN,
                    TOKEN.split(":")[1],
                    DB_PASSWORD,
                    WEBHOOK_SECRET,
                    SMTP_PASSWORD,
                ):
                    assert secret not in text
        assert any(b"aiogd:stack" in k for k in await _redis_keys(prefix))
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
