"""Dialog intent ids that do not collide.

aiogram-dialog names each opened dialog (an intent) by `int(time.time()) % 10**8` plus a
random number below 100: two dialogs opened within the same second get the same id once in a
hundred. Then the new one overwrites the stored context of the one below it, and closing it
deletes both: Back answers "this button is outdated" and the person lands on the menu (the
end-to-end tests, which press quickly, met it in about 1 of 15 runs of a long walk). Ids of
the same length (six base-62 characters) drawn from the system's random source instead.
"""

from __future__ import annotations

import secrets

from aiogram_dialog.api.entities import stack

ID_BITS = 35  # 2**35 < 62**6: ids stay six characters, callback data stays within 64 bytes


def _random_int_id() -> int:
    return secrets.randbits(ID_BITS) or 1


def install() -> None:
    """`Stack.push` names intents through `stack.new_id`, which calls `new_int_id`."""
    stack.new_int_id = _random_int_id
