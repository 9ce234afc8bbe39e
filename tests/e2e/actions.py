"""A user who counts their own actions: every button press or typed message is one.

The common jobs have a budget (the web cabinet's own counts are the ceiling to beat); a test
walks the job through the fake Bot API with this user and fails when the count grows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.fakeapi import BotMessage, FakeTelegram, User

Matcher = str | re.Pattern[str]


@dataclass
class Counting:
    fake: FakeTelegram
    user: User
    count: int = 0
    log: list[str] = field(default_factory=list)

    async def click(self, message: BotMessage, button: Matcher, expect: Matcher) -> BotMessage:
        """Press a button of the message and wait for the screen that follows."""
        self._note(f"press {button}")
        await self.fake.click(self.user, message, button)
        return await self.fake.wait_text(self.user, expect)

    async def type(self, text: str, expect: Matcher) -> BotMessage:
        self._note(f"type {text}")
        await self.fake.send_message(self.user, text)
        return await self.fake.wait_text(self.user, expect)

    def _note(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def within(self, budget: int) -> None:
        steps = "\n".join(f"  {i}. {s}" for i, s in enumerate(self.log, 1))
        assert self.count <= budget, f"{self.count} actions (budget {budget}):\n{steps}"
