"""`python -m bot` runs the bot (polling, or webhook when WEBHOOK_URL is set);
`python -m bot demo --numbers N [--neighbour]` fills the database with the demo holding."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.settings import SettingsError, load_settings


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="load the deterministic demo holding")
    demo.add_argument("--numbers", type=int, default=300)
    demo.add_argument("--months", type=int, default=13)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--neighbour",
        action="store_true",
        help="also load a second holding with its own contracts, numbers and users",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = load_settings()
        if args.command is None and not settings.bot_token:
            raise SettingsError("Setting BOT_TOKEN is required but not set")
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from bot.observability import redact_logs, secret_values

    redact_logs(
        secret_values(
            bot_token=settings.bot_token,
            webhook_secret=settings.webhook_secret,
            smtp_password=settings.smtp_password,
            urls=(settings.database_url, settings.redis_url),
        )
    )
    for chatty in ("apscheduler", "alembic"):  # a line per job run / per plugin is noise
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.root.level))
    # aiogram is imported only now: a setting's error above is printed in a blink.
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    from bot import runner

    if args.command == "demo":
        return asyncio.run(
            runner.demo(settings, args.numbers, args.months, args.seed, neighbour=args.neighbour)
        )
    try:
        return asyncio.run(runner.run(settings))
    except TelegramUnauthorizedError:
        print(
            "error: Telegram does not accept BOT_TOKEN: copy the token @BotFather gave you "
            "(send it /mybots → your bot → API Token)",
            file=sys.stderr,
        )
    except TelegramNetworkError as exc:
        print(
            f"error: cannot reach Telegram at {settings.telegram_api_url}: check the network "
            f"or TELEGRAM_API_URL ({exc.message})",
            file=sys.stderr,
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
