"""Files in the fake: uploads, file ids, photo size ladders and documents."""

from __future__ import annotations

import mimetypes
import secrets
from typing import Any

from .models import (
    Request,
    StoredFile,
    Upload,
)
from .state import FakeState
from .validate import (
    bad_request,
    image_size,
)


class FileStore(FakeState):
    """Storing what the bot uploads and what users send, as Telegram hands out file ids."""

    def _new_file_id(self, kind: str) -> tuple[str, str]:
        n = next(self._file_counter)
        prefix = "AgAC" if kind == "photo" else "BQAC"
        return f"{prefix}AgIAAxkBAAI{n:06d}{secrets.token_urlsafe(24)}", f"AQAD{n:06d}"

    def _store(self, stored: StoredFile) -> StoredFile:
        self.files[stored.file_id] = stored
        return stored

    def _store_document(
        self,
        data: bytes | None,
        filename: str | None,
        mime_type: str | None,
        url: str | None = None,
    ) -> StoredFile:
        file_id, unique = self._new_file_id("document")
        if mime_type is None and filename:
            mime_type = mimetypes.guess_type(filename)[0]
        return self._store(
            StoredFile(file_id, unique, "document", data, filename, mime_type, url=url)
        )

    def _store_photo(self, data: bytes | None, url: str | None = None) -> StoredFile:
        if data is not None:
            size = image_size(data)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
        else:
            size = (800, 600)  # sent by URL: Telegram would download it, the fake can't
        width, height = size
        file_id, unique = self._new_file_id("photo")
        stored = StoredFile(file_id, unique, "photo", data, url=url, width=width, height=height)
        stored.mime_type = "image/jpeg"
        longest = max(width, height, 1)
        # Telegram returns a ladder of thumbnails up to the original; all share the bytes here.
        bounds = [b for b in (90, 320, 800, 1280) if b < longest] + [min(longest, 2560)]
        for i, bound in enumerate(bounds):
            scale = bound / longest
            w, h = max(1, round(width * scale)), max(1, round(height * scale))
            size_id = file_id if i == len(bounds) - 1 else self._new_file_id("photo")[0]
            photo_size = {
                "file_id": size_id,
                "file_unique_id": f"{unique}{i}",
                "width": w,
                "height": h,
                "file_size": max(1, round(stored.size * scale * scale)) if data else 0,
            }
            stored.photo_sizes.append(photo_size)
            self.files[size_id] = stored
        return stored

    def _input_file(self, rec: Request, key: str, value: Any = None) -> Upload | StoredFile | str:
        """An upload, a known file (sent by file_id) or a URL; raises Telegram's errors."""
        if value is None:
            value = rec.params.get(key)
            if value is None and key in rec.files:
                return rec.files[key]
        if value is None or value == "":
            raise bad_request(f"there is no {key} in the request")
        if isinstance(value, str) and value.startswith("attach://"):
            upload = rec.files.get(value[len("attach://") :])
            if upload is None:
                raise bad_request(f"there is no {key} in the request")
            return upload
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
        stored = self.files.get(str(value))
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def _photo_from(self, source: Upload | StoredFile | str) -> StoredFile:
        if isinstance(source, StoredFile):
            if source.kind != "photo":
                raise bad_request("type of file mismatch")
            return source
        if isinstance(source, str):
            return self._store_photo(None, url=source)
        if len(source.data) > 10 * 1024 * 1024:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        stored = self._store_photo(source.data)
        stored.filename = source.filename
        self.uploads.append(stored)
        return stored

    def _document_from(self, source: Upload | StoredFile | str) -> StoredFile:
        if isinstance(source, StoredFile):
            if source.kind != "document":
                raise bad_request("type of file mismatch")
            return source
        if isinstance(source, str):
            name = source.rsplit("/", 1)[-1] or "file"
            return self._store_document(None, name, None, url=source)
        if not source.data:
            raise bad_request("file must be non-empty")
        content_type = source.content_type
        if content_type in (None, "application/octet-stream"):
            content_type = None  # Telegram guesses from the name, as we do
        stored = self._store_document(source.data, source.filename, content_type)
        self.uploads.append(stored)
        return stored

    @staticmethod
    def _document_dict(stored: StoredFile) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
        }
        if stored.filename:
            data["file_name"] = stored.filename
        if stored.mime_type:
            data["mime_type"] = stored.mime_type
        if stored.data is not None:
            data["file_size"] = stored.size
        return data

    # --- updates ------------------------------------------------------------------------------
