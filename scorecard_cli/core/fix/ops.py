"""An edit of one catalog entity as data, and its effect on parsed data (which is how
every text edit is verified before it is written)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


class EditRefused(Exception):
    """An edit that cannot be made safely; the message says why."""


@dataclass(frozen=True)
class Edit:
    """Set ``keys`` (from the document root) to ``value``, or with ``extend`` append the
    items of ``value`` that the list there does not hold yet."""

    index: int  # document index in the file
    keys: tuple  # full key path from the document root (list indexes for list documents)
    value: Any
    extend: bool = False

    def describe(self) -> str:
        """``add to metadata.tags`` / ``set spec.owner``, for messages."""
        shown = ".".join(str(k) for k in self.keys if not isinstance(k, int))
        return f"{'add to' if self.extend else 'set'} {shown}"


def missing_items(current: Any, items: list) -> list:
    """The items not already in the list ``current``."""
    present = current if isinstance(current, list) else []
    return [item for item in items if item not in present]


def apply_to_data(documents: list, edit: Edit) -> list:
    """The documents with the edit made (a copy), as the edited text must parse."""
    result = copy.deepcopy(documents)
    if edit.index >= len(result):
        raise EditRefused("the document is no longer in the file")
    node = result[edit.index]
    keys = edit.keys
    if not keys:
        raise EditRefused("nothing to edit")
    for key in keys[:-1]:
        if isinstance(key, int):
            if not isinstance(node, list) or not 0 <= key < len(node):
                raise EditRefused("the entity is no longer in the file")
            node = node[key]
            continue
        if not isinstance(node, dict):
            raise EditRefused(f"{key!r} cannot be set: its parent is not a mapping")
        if node.get(key) is None:
            node[key] = {}
        node = node[key]
    last = keys[-1]
    if not isinstance(node, dict):
        raise EditRefused(f"{last!r} cannot be set: its parent is not a mapping")
    if edit.extend:
        current = node.get(last)
        if current is not None and not isinstance(current, list):
            raise EditRefused(f"{last!r} is not a list")
        node[last] = [*(current or []), *missing_items(current, edit.value)]
    else:
        node[last] = edit.value
    return result
