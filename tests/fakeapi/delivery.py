"""Delivery: the HTTP server the bot talks to, getUpdates long polling and webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import re
import time
from typing import Any, Self

import aiohttp
from aiohttp import web
from aiohttp.web_request import FileField

from .flood import FloodControl
from .models import (
    MAX_UPLOAD,
    Request,
    Upload,
)
from .state import FakeState
from .validate import (
    ApiError,
    bad_request,
    coerce_params,
)

log = logging.getLogger(__name__)


class Delivery(FakeState):
    """The bot-facing HTTP side: requests in, updates out (long poll or webhook)."""

    flood: FloodControl | None = None  # set one to get Telegram's limits and random faults

    async def start(self) -> Self:
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # A short shutdown timeout: pending long polls are woken by stop() anyway.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = self._runner.addresses[0][1]
        self._url = f"http://{self.host}:{port}"
        self._http = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._stopping = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Base URL for TELEGRAM_API_URL / TelegramAPIServer.from_base()."""
        if self._url is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._url

    # --- HTTP layer ---------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        try:
            raw, files = await self._read_body(request)
        except web.HTTPRequestEntityTooLarge:
            too_large = ApiError("Request Entity Too Large", 413)
            return web.json_response(too_large.payload(), status=413)
        token = request.match_info["token"]
        if self.token is not None and token != self.token:
            return web.json_response(ApiError("Unauthorized", 401).payload(), status=401)
        rec = await self.call(request.match_info["method"], raw, files)
        if not rec.ok and (request.transport is None or request.transport.is_closing()):
            # The client hung up (e.g. a long poll of a bot that was stopped): it never saw this.
            with contextlib.suppress(ValueError):
                self.errors.remove(rec)
        body: dict[str, Any]
        if rec.ok:
            body = {"ok": True, "result": rec.result}
        else:
            body = {"ok": False, "error_code": rec.status, "description": rec.description}
            if rec.parameters:
                body["parameters"] = rec.parameters
        return web.json_response(body, status=rec.status or 200)

    async def _read_body(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.content_type == "application/json":
            with contextlib.suppress(ValueError):
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
        elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    files[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value
        return raw, files

    async def call(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, Upload] | None = None,
        *,
        via_webhook_reply: bool = False,
    ) -> Request:
        """Run one API method as if the bot called it; the fake's own HTTP handler uses this."""
        canonical, handler = self._methods.get(method.lower(), (method, None))
        rec = Request(canonical, {}, files or {}, time.monotonic())
        rec.via_webhook_reply = via_webhook_reply
        try:
            rec.params = coerce_params(params)
            self.requests.append(rec)
            if handler is None:
                raise ApiError("Not Found: method not found", 404)
            forced = self._take_failure(canonical)
            if forced is not None:
                rec.injected = True
                raise forced
            limited = self.flood.check(canonical, rec.params) if self.flood else None
            if limited is not None:
                rec.injected = True  # (flood control's own 429s are counted by it)
                raise limited[0]
            result = handler(rec)
            if inspect.isawaitable(result):
                result = await result
        except Exception as e:
            if not isinstance(e, ApiError):
                # A bug in the fake, not in the bot: make it loud and keep serving.
                log.exception("fake telegram crashed in %s", rec.method)
                e = ApiError(f"Internal Server Error: fake crashed: {e!r}", 500)
            if rec not in self.requests:
                self.requests.append(rec)
            rec.ok, rec.status, rec.description = False, e.error_code, e.description
            if e.retry_after is not None:
                rec.parameters = {"retry_after": e.retry_after}
            self.errors.append(rec)
            log.warning("fake telegram: %s -> %s", rec.method, e.description)
        else:
            rec.ok, rec.status, rec.result = True, 200, result
        self._notify()
        return rec

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path and stored.data is not None:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.json_response(ApiError("Not Found", 404).payload(), status=404)

    # --- state helpers ------------------------------------------------------------------------

    # --- updates and webhooks ------------------------------------------------------------------

    async def _api_getUpdates(self, rec: Request) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        params = rec.params
        self._getupdates_seen = True
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        offset = params.get("offset")
        if isinstance(offset, int) and offset != 0:
            self._confirm(offset)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # wait_bot_ready() watches for pollers
        deadline = time.monotonic() + timeout
        while True:
            if self._pending or self._stopping:
                return self._pending[:limit]
            if self._webhook is not None:
                raise ApiError("Conflict: terminated by setWebhook request", 409)
            if generation != self._poll_generation:
                raise ApiError(
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                    409,
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            pulse = self._pulse
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(pulse.wait(), remaining)

    def _api_setWebhook(self, rec: Request) -> bool:
        params = rec.params
        url = params.get("url") or ""
        if not url:
            return self._api_deleteWebhook(rec)
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            # Real Telegram insists on https; loopback http is fine for the fake.
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": int(params.get("max_connections") or 40),
        }
        self._webhook_last_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return True

    def _api_deleteWebhook(self, rec: Request) -> bool:
        self._webhook = None
        if rec.params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _api_getWebhookInfo(self, rec: Request) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook_last_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    async def _deliver_webhooks(self) -> None:
        backoff = 0.05
        while not self._stopping and self._webhook is not None:
            if not self._pending:
                pulse = self._pulse
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(pulse.wait(), 1.0)
                continue
            update, hook = self._pending[0], self._webhook
            error = await self._post_update(update, hook)
            if error is None:
                with contextlib.suppress(ValueError):
                    self._pending.remove(update)
                self.webhook_deliveries.append(update)
                self._notify()
                backoff = 0.05
                continue
            self._webhook_last_error = (int(time.time()), error)
            self.webhook_errors.append(error)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 1.0)  # the bot's web server may still be starting

    async def _post_update(self, update: dict[str, Any], hook: dict[str, Any]) -> str | None:
        assert self._http is not None
        headers = {}
        if hook["secret_token"]:
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        try:
            async with self._http.post(
                hook["url"], json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=60)
            ) as resp:
                if not 200 <= resp.status < 300:
                    return f"Wrong response from the webhook: {resp.status} {resp.reason}"
                await self._webhook_reply(resp)
        except (aiohttp.ClientError, OSError, TimeoutError) as e:
            return f"Connection failed: {type(e).__name__}: {e}"
        return None

    async def _webhook_reply(self, resp: aiohttp.ClientResponse) -> None:
        # aiogram may answer an update with a method call in the webhook response body.
        raw: dict[str, Any] = {}
        files: dict[str, Upload] = {}
        if resp.content_type == "application/json":
            body = await resp.json()
            if isinstance(body, dict):
                raw = body
        elif resp.content_type == "multipart/form-data":
            reader = aiohttp.MultipartReader(resp.headers, resp.content)
            while (part := await reader.next()) is not None:
                if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                    continue
                data = await part.read(decode=False)
                if part.filename is not None:
                    files[part.name] = Upload(part.filename, bytes(data))
                else:
                    raw[part.name] = bytes(data).decode()
        method = raw.pop("method", None)
        if method:
            await self.call(str(method), raw, files, via_webhook_reply=True)
