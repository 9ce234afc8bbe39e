"""Bot API methods the fake implements (the _api_ prefix registers them)."""

from __future__ import annotations

import json
import time
from typing import Any

from .files import FileStore
from .models import (
    _QUERY_TOO_OLD,
    MAX_DOWNLOAD,
    Request,
    _Chat,
)
from .validate import (
    CHAT_ACTIONS,
    MAX_CALLBACK_ANSWER,
    NOT_MODIFIED,
    bad_request,
    check_caption,
    check_commands,
    check_reply_markup,
    check_text,
    markup_key,
)


class ApiMethods(FileStore):
    """Messages, edits, callbacks, files, commands and chat info, validated like Telegram."""

    def _api_getMe(self, rec: Request) -> dict[str, Any]:
        return dict(self.me)

    def _api_logOut(self, rec: Request) -> bool:
        return True

    def _api_close(self, rec: Request) -> bool:
        return True

    def _api_setMyCommands(self, rec: Request) -> bool:
        commands = check_commands(rec.params.get("commands"))
        self.commands[self._commands_key(rec.params)] = commands
        return True

    def _api_getMyCommands(self, rec: Request) -> list[dict[str, str]]:
        return self.commands.get(self._commands_key(rec.params), [])

    def _api_deleteMyCommands(self, rec: Request) -> bool:
        self.commands.pop(self._commands_key(rec.params), None)
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get("language_code") or ""

    def _api_setChatMenuButton(self, rec: Request) -> bool:
        button = rec.params.get("menu_button") or {"type": "default"}
        if rec.params.get("chat_id") is not None:
            self._target_chat(rec.params, sending=False).menu_button = button
        else:
            self.default_menu_button = button
        return True

    def _api_getChatMenuButton(self, rec: Request) -> dict[str, Any]:
        if rec.params.get("chat_id") is not None:
            chat = self._target_chat(rec.params, sending=False)
            return chat.menu_button or {"type": "default"}
        return self.default_menu_button or {"type": "commands"}

    def _bot_setting(self, rec: Request, key: str) -> bool:
        self.bot_settings[(key, rec.params.get("language_code") or "")] = rec.params.get(key, "")
        return True

    def _bot_setting_get(self, rec: Request, key: str) -> dict[str, Any]:
        value = self.bot_settings.get((key, rec.params.get("language_code") or ""), "")
        return {key: value}

    def _api_setMyDescription(self, rec: Request) -> bool:
        return self._bot_setting(rec, "description")

    def _api_getMyDescription(self, rec: Request) -> dict[str, Any]:
        return self._bot_setting_get(rec, "description")

    def _api_setMyShortDescription(self, rec: Request) -> bool:
        return self._bot_setting(rec, "short_description")

    def _api_getMyShortDescription(self, rec: Request) -> dict[str, Any]:
        return self._bot_setting_get(rec, "short_description")

    def _api_setMyName(self, rec: Request) -> bool:
        return self._bot_setting(rec, "name")

    def _api_getMyName(self, rec: Request) -> dict[str, Any]:
        return self._bot_setting_get(rec, "name")

    def _api_sendMessage(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "text")
        text, found = check_text(source, parse_mode, entities, strict=self.strict_html)
        msg = self._new_message(chat, "text", rec.params, text=text, source=source, entities=found)
        return self._api_result(msg)

    def _api_sendPhoto(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "caption")
        caption, found = check_caption(source, parse_mode, entities, strict=self.strict_html)
        stored = self._photo_from(self._input_file(rec, "photo"))
        msg = self._new_message(
            chat,
            "photo",
            rec.params,
            caption=caption,
            source=source,
            entities=found,
            photo=stored.photo_sizes,
            file=stored,
        )
        return self._api_result(msg)

    def _api_sendDocument(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "caption")
        caption, found = check_caption(source, parse_mode, entities, strict=self.strict_html)
        stored = self._document_from(self._input_file(rec, "document"))
        msg = self._new_message(
            chat,
            "document",
            rec.params,
            caption=caption,
            source=source,
            entities=found,
            document=self._document_dict(stored),
            file=stored,
        )
        return self._api_result(msg)

    def _api_editMessageText(self, rec: Request) -> dict[str, Any]:
        return self._edit_body(rec, "text")

    def _api_editMessageCaption(self, rec: Request) -> dict[str, Any]:
        return self._edit_body(rec, "caption")

    def _edit_body(self, rec: Request, field: str) -> dict[str, Any]:
        """editMessageText / editMessageCaption: a text edits a text message, a caption
        anything else."""
        _chat, msg = self._editable(rec.params)
        if (msg.kind == "text") != (field == "text"):
            raise bad_request(f"there is no {field} in the message to edit")
        source, parse_mode, entities = self._format_args(rec.params, field)
        check = check_text if field == "text" else check_caption
        value, found = check(source, parse_mode, entities, strict=self.strict_html)
        # No reply_markup in an edit removes the inline keyboard, exactly as in Telegram.
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if (value, found, markup_key(markup)) == (
            getattr(msg, field),
            msg.entities,
            markup_key(msg.inline_markup),
        ):
            raise bad_request(NOT_MODIFIED)
        self._edit(
            msg,
            **{field: value},
            source=source,
            parse_mode=parse_mode,
            entities=found,
            inline_markup=markup,
            edit_date=int(time.time()),
        )
        return self._api_result(msg)

    def _api_editMessageReplyMarkup(self, rec: Request) -> dict[str, Any]:
        _chat, msg = self._editable(rec.params)
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if markup_key(markup) == markup_key(msg.inline_markup):
            raise bad_request(NOT_MODIFIED)
        self._edit(msg, inline_markup=markup)
        return self._api_result(msg)

    def _api_editMessageMedia(self, rec: Request) -> dict[str, Any]:
        _chat, msg = self._editable(rec.params)
        media = rec.params.get("media")
        if not isinstance(media, dict) or media.get("type") not in ("photo", "document"):
            raise bad_request("can't parse InputMedia JSON object")
        if msg.kind == "text":
            raise bad_request("there is no media in the message to edit")
        source = self._input_file(rec, media["type"], media.get("media"))
        caption, found = check_caption(
            media.get("caption"),
            media.get("parse_mode"),
            media.get("caption_entities"),
            strict=self.strict_html,
        )
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if media["type"] == "photo":
            stored = self._photo_from(source)
            changes: dict[str, Any] = {"photo": stored.photo_sizes, "document": None}
        else:
            stored = self._document_from(source)
            changes = {"document": self._document_dict(stored), "photo": None}
        unchanged = (stored is msg.file, caption, found, markup_key(markup)) == (
            True,
            msg.caption,
            msg.entities,
            markup_key(msg.inline_markup),
        )
        if unchanged:
            raise bad_request(NOT_MODIFIED)
        self._edit(
            msg,
            kind=media["type"],
            file=stored,
            caption=caption,
            source=media.get("caption"),
            parse_mode=media.get("parse_mode"),
            entities=found,
            inline_markup=markup,
            edit_date=int(time.time()),
            **changes,
        )
        return self._api_result(msg)

    def _delete(self, chat: _Chat, message_id: int) -> bool:
        msg = chat.bot.get(message_id)
        if msg is not None and not msg.deleted:
            msg.deleted = True
            msg.seq = self._tick()
            return True
        if message_id in chat.incoming:
            del chat.incoming[message_id]
            return True
        return False

    def _api_deleteMessage(self, rec: Request) -> bool:
        chat = self._target_chat(rec.params, sending=False)
        if not self._delete(chat, self._message_id(rec.params)):
            raise bad_request("message to delete not found")
        return True

    def _api_deleteMessages(self, rec: Request) -> bool:
        chat = self._target_chat(rec.params, sending=False)
        ids = rec.params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message identifiers are not specified")
        for message_id in ids:
            self._delete(chat, int(message_id))
        return True

    def _api_answerCallbackQuery(self, rec: Request) -> bool:
        query = self.callback_queries.get(str(rec.params.get("callback_query_id") or ""))
        if query is None or query.answered:
            raise bad_request(_QUERY_TOO_OLD)
        text = rec.params.get("text")
        if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = {
            "text": text,
            "show_alert": bool(rec.params.get("show_alert")),
            "url": rec.params.get("url"),
            "cache_time": rec.params.get("cache_time"),
        }
        query.answered_at = time.monotonic()
        return True

    def _api_sendChatAction(self, rec: Request) -> bool:
        chat = self._target_chat(rec.params)
        action = rec.params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(action)
        return True

    def _api_getFile(self, rec: Request) -> dict[str, Any]:
        stored = self.files.get(str(rec.params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.data is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        if stored.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        if stored.file_path is None:
            folder = "photos" if stored.kind == "photo" else "documents"
            ext = ".jpg" if stored.kind == "photo" else ""
            if stored.kind != "photo" and stored.filename and "." in stored.filename:
                ext = "." + stored.filename.rsplit(".", 1)[1]
            stored.file_path = f"{folder}/file_{next(self._file_counter)}{ext}"
        return {
            "file_id": str(rec.params["file_id"]),
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    def _api_getChat(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params, sending=False)
        return {
            **chat.user.chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def _api_getChatMember(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params, sending=False)
        user_id = rec.params.get("user_id")
        if user_id == chat.user.id:
            return {"status": "member", "user": chat.user.to_api()}
        if user_id == self.me["id"]:
            status = "kicked" if chat.blocked else "member"
            return {"status": status, "user": self._api_getMe(rec), "until_date": 0}
        raise bad_request("PARTICIPANT_ID_INVALID")

    # --- webhook delivery ---------------------------------------------------------------------
