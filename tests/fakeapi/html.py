"""Telegram's HTML parse mode, as TDLib's ``parse_html`` reads it: the text a user sees and its
entities, or the exact error Telegram gives."""

from __future__ import annotations

import re
import string
from typing import Any
from urllib.parse import urlsplit


def utf16_len(text: str) -> int:
    # Entity offsets are in UTF-16 code units, as in the real API.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class HtmlError(ValueError):
    pass


_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SPACE = " \t\r\n\0\v"  # td::is_space, NUL included: the C parser reads its terminator
_NAME_TOKEN = frozenset(string.ascii_letters + string.digits + ".-")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _decode_entity(text: str, pos: int) -> tuple[str | None, int]:
    """TDLib's decode_html_entity: (character, index after it), or (None, pos) if undecodable."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        code = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in string.hexdigits:
                code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and text[end] in string.digits:
                code = code * 10 + int(text[end])
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None, pos
        char = chr(code)
    else:
        while end < n and text[end] in string.ascii_letters:
            end += 1
        named = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if named is None:
            return None, pos
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def link_url(url: str) -> str | None:
    """A rough LinkManager::get_checked_link: Telegram silently drops links it rejects."""
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme in ("tg", "ton"):
        return url
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
        return None
    return url if "://" in url else f"http://{url}"


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities), raising HtmlError like TDLib.

    strict additionally rejects an ``&`` that is not a decodable entity; Telegram shows such
    text literally, but it nearly always means a value was inserted without escaping.
    """
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else "\0"

    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, utf16 offset, len(out)
    bad_surrogate = False
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            char, after = _decode_entity(text, i)
            if char is not None:
                bad_surrogate |= 0xD800 <= ord(char) <= 0xDFFF
                out.append(char)
                u16 += 2 if ord(char) > 0xFFFF else 1
                i = after
                continue
            if strict:
                word = re.match(r"&#?\w*;?", text[i:]).group()  # type: ignore[union-attr]
                shown = f' "{word}"' if len(word) > 1 else ""
                raise HtmlError(
                    f"Unsupported HTML entity{shown} at byte offset {_byte_offset(text, i)} "
                    "(fake strict mode: Telegram would show it literally; escape it as &amp;)"
                )
        if c != "<":
            out.append(c)
            u16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue

        begin = i
        where = f"at byte offset {_byte_offset(text, begin)}"
        i += 1
        if at(i) != "/":
            while at(i) not in _SPACE and at(i) != ">":
                i += 1
            if i >= n:
                raise HtmlError(f"Unclosed start tag {where}")
            tag = text[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise HtmlError(f'Unsupported start tag "{tag}" {where}')
            argument = ""
            while at(i) != ">":
                while i < n and at(i) in _SPACE:
                    i += 1
                if at(i) == ">":
                    break
                name_begin = i
                while at(i) not in _SPACE and at(i) not in "=>/\"'":
                    i += 1
                name = text[name_begin:i]
                if not name:
                    raise HtmlError(f'Empty attribute name in the tag "{tag}" {where}')
                while i < n and at(i) in _SPACE:
                    i += 1
                if at(i) != "=":
                    if i >= n:
                        raise HtmlError(f'Unclosed start tag "{tag}" {where}')
                    if tag == "blockquote" and name == "expandable":
                        argument = "1"
                    continue
                i += 1
                while i < n and at(i) in _SPACE:
                    i += 1
                if i >= n:
                    raise HtmlError(f'Unclosed start tag "{tag}" {where}')
                if at(i) not in "'\"":
                    token_begin = i
                    while at(i) in _NAME_TOKEN:
                        i += 1
                    value = text[token_begin:i].lower()
                    if at(i) not in _SPACE and at(i) != ">":
                        raise HtmlError(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(text, token_begin)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            char, after = _decode_entity(text, i)
                            if char is not None:
                                chars.append(char)
                                i = after
                                continue
                        chars.append(text[i])
                        i += 1
                    if i < n:
                        i += 1
                    value = "".join(chars)
                if i >= n:
                    raise HtmlError(f"Unclosed start tag {where}")
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise HtmlError(f'Tag "span" must have class "tg-spoiler" {where}')
            stack.append((tag, argument, u16, len(out)))
            i += 1
            continue

        if not stack:
            raise HtmlError(f"Unexpected end tag {where}")
        while at(i) not in _SPACE and at(i) != ">":
            i += 1
        end_tag = text[begin + 2 : i].lower()
        while i < n and at(i) in _SPACE:
            i += 1
        if at(i) != ">":
            raise HtmlError(f"Unclosed end tag {where}")
        tag, argument, offset, out_pos = stack.pop()
        if end_tag and end_tag != tag:
            raise HtmlError(f'Unmatched end tag {where}, expected "</{tag}>", found "</{end_tag}>"')
        i += 1
        length = u16 - offset
        if length <= 0:
            continue
        last = entities[-1] if entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (offset, length)
        if tag in _SIMPLE_TAGS:
            entities.append({"type": _SIMPLE_TAGS[tag], "offset": offset, "length": length})
        elif tag == "tg-emoji":
            if not argument.isdigit() or int(argument) == 0:
                raise HtmlError("Invalid custom emoji identifier specified")
            entities.append(
                {
                    "type": "custom_emoji",
                    "offset": offset,
                    "length": length,
                    "custom_emoji_id": argument,
                }
            )
        elif tag == "a":
            url = link_url(argument or "".join(out[out_pos:]))
            if url is not None:
                entities.append(
                    {"type": "text_link", "offset": offset, "length": length, "url": url}
                )
        elif tag == "pre":
            if same_span and last is not None and last["type"] == "code" and last.get("language"):
                last["type"] = "pre"
            else:
                entities.append({"type": "pre", "offset": offset, "length": length})
        elif tag == "code":
            if same_span and last is not None and last["type"] == "pre" and argument:
                last["language"] = argument
            else:
                entity = {"type": "code", "offset": offset, "length": length}
                if argument:
                    entity["language"] = argument  # dropped below unless a <pre> claims it
                entities.append(entity)
        else:  # blockquote
            kind = "expandable_blockquote" if argument else "blockquote"
            entities.append({"type": kind, "offset": offset, "length": length})
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    if bad_surrogate:
        raise HtmlError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


_TRIM = " \t\n\r\v\f"


def trim_entities(plain: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    # Telegram strips surrounding whitespace, so "\n\nHi" arrives (and compares) as "Hi".
    left = plain.lstrip(_TRIM)
    result = left.rstrip(_TRIM)
    if len(result) == len(plain):
        return plain, entities
    lead = utf16_len(plain[: len(plain) - len(left)])
    total = utf16_len(result)
    fixed = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})
    return result, fixed
