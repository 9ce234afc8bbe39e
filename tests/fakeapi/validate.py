"""What the fake Bot API accepts, and how it refuses.

Error descriptions copy api.telegram.org (the HTML parser follows TDLib's ``parse_html``) word
for word, because bot code branches on them: aiogram_dialog, for one, matches
"message is not modified" and "message to edit not found". The few checks Telegram does not make
say so in their description ("fake strict mode"), so nobody hunts for them in Telegram's docs.
"""

from __future__ import annotations

import json
import re
import struct
from typing import Any

from .html import HtmlError, link_url, parse_html, trim_entities

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """An ``ok: false`` answer; raised anywhere in a method handler."""

    def __init__(self, description: str, error_code: int = 400, *, retry_after: int | None = None):
        super().__init__(description)
        self.description = description
        self.error_code = error_code
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(f"Bad Request: {detail}")


# --- parameters -------------------------------------------------------------------------------

# Form posts carry everything as strings; nested objects arrive JSON-encoded (aiogram's
# prepare_value), so the handlers get typed values whichever encoding the client chose.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "media",
        "commands",
        "scope",
        "menu_button",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "message_ids",
    }
)
INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "max_connections",
        "cache_time",
        "message_thread_id",
        "reply_to_message_id",
        "from_chat_id",
        "user_id",
    }
)
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_JSON_ERRORS = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
    "media": "can't parse InputMedia JSON object",
}
_INT_RE = re.compile(r"-?\d+")


def coerce_params(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            if key in JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError:
                    raise bad_request(
                        _JSON_ERRORS.get(key, f"can't parse {key} JSON object")
                    ) from None
            elif key in INT_FIELDS and _INT_RE.fullmatch(value.strip()):
                value = int(value)
            elif key in BOOL_FIELDS:
                value = value.strip().lower() in ("true", "1")
        out[key] = value
    return out


# --- text and entities ------------------------------------------------------------------------


def format_text(
    text: str,
    parse_mode: str | None,
    entities: Any = None,
    *,
    strict: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """(text as the user sees it, entities); explicit entities win over parse_mode."""
    if entities:
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise bad_request("can't parse entities JSON object")
        return trim_entities(text, [dict(e) for e in entities])
    mode = (parse_mode or "").lower()
    if mode not in ("", "html", "markdown", "markdownv2"):
        raise bad_request("unsupported parse_mode")
    if mode != "html":
        # Markdown modes pass through unparsed: the project formats with HTML only.
        return trim_entities(text, [])
    try:
        plain, found = parse_html(text, strict=strict)
    except HtmlError as e:
        raise bad_request(f"can't parse entities: {e}") from None
    return trim_entities(plain, found)


def check_text(
    text: Any, parse_mode: str | None, entities: Any, *, strict: bool = True
) -> tuple[str, list[dict[str, Any]]]:
    if text is None or text == "":
        raise bad_request("message text is empty")
    plain, found = format_text(str(text), parse_mode, entities, strict=strict)
    if not plain:
        raise bad_request("message text is empty")
    if len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain, found


def check_caption(
    caption: Any, parse_mode: str | None, entities: Any, *, strict: bool = True
) -> tuple[str | None, list[dict[str, Any]]]:
    if caption is None or caption == "":
        return None, []
    plain, found = format_text(str(caption), parse_mode, entities, strict=strict)
    if len(plain) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return plain or None, found


# --- keyboards --------------------------------------------------------------------------------

INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def _button_url_ok(url: str) -> bool:
    return link_url(url) is not None


def _check_inline_button(button: Any) -> dict[str, Any]:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [k for k in INLINE_ACTIONS if button.get(k) not in (None, False)]
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        # Telegram silently uses the first field it knows; two actions is always a bot bug.
        raise bad_request(
            prefix + f"more than one action ({', '.join(actions)}) (fake strict mode)"
        )
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise bad_request(prefix + 'Field "callback_data" must be of type String')
        if not data or len(data.encode("utf-8")) > MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        url = button["url"]
        if not isinstance(url, str) or not _button_url_ok(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return button


def _rows(markup: dict[str, Any], key: str, kind: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(f'Field "{key}" of the {kind} must be an Array of Arrays')
    return rows


def check_reply_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate any reply_markup; returns it normalized, None for "no inline keyboard"."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        kept = [[_check_inline_button(b) for b in row] for row in rows if row]
        # An empty inline keyboard is how bots remove one; Telegram stores it as no markup.
        return {"inline_keyboard": kept} if kept else None
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = _rows(markup, "keyboard", "ReplyKeyboardMarkup")
        if not any(rows):
            raise bad_request("keyboard must be non-empty")
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else (button or {}).get("text")
                if not isinstance(text, str) or not text:
                    raise bad_request(
                        'can\'t parse keyboard button: Field "text" must be of type String'
                    )
        return markup
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def markup_key(markup: dict[str, Any] | None) -> str:
    # Canonical form for the "not modified" comparison.
    return json.dumps(markup, sort_keys=True, ensure_ascii=False)


# --- misc -------------------------------------------------------------------------------------

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


def check_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands")
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command.lstrip("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command.lstrip("/"), "description": description})
    return result


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP; None when Telegram could not decode it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            if marker in (0xD8, 0x01, 0xFF) or 0xD0 <= marker <= 0xD7:
                i += 2 if marker != 0xFF else 1
                continue
            i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
        return None
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and len(data) >= 30:
        chunk = data[12:16]
        if chunk == b"VP8X":
            width = 1 + int.from_bytes(data[24:27], "little")
            height = 1 + int.from_bytes(data[27:30], "little")
            return width, height
        if chunk == b"VP8 ":
            width, height = struct.unpack("<HH", data[26:30])
            return width & 0x3FFF, height & 0x3FFF
        if chunk == b"VP8L":
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None
