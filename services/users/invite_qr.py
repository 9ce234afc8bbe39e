"""An invite link as a QR code, for sharing on a screen or on paper."""

from __future__ import annotations

import io

import segno


def invite_qr_png(link: str) -> bytes:
    """A PNG a phone camera reads from across a table: high error correction, big modules."""
    buf = io.BytesIO()
    segno.make(link, error="h", micro=False).save(buf, kind="png", scale=12, border=4)
    return buf.getvalue()
