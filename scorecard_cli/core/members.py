"""Membership in a condition's list of values, in time linear in the two lists.

``containsAny``, ``in`` and ``notIn`` ask whether some element of a property is among a
rule's values, with the equality of ``=`` (``query.same``: type and value, no coercion;
``1`` and ``1.0`` are equal, ``1`` and ``true`` or ``"1"`` are not). Comparing every
pair is quadratic (12,000 × 12,000 values is 144 million comparisons); ``ValueSet``
hashes each value with a key that keeps exactly those distinctions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any


def _key(value: Any) -> tuple:
    """A hashable key equal for two values exactly when ``same`` holds for them."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            raise TypeError("NaN equals nothing")  # compared one by one, never found
        return ("number", value)  # 1 == 1.0, and both hash alike
    return (type(value), value)


class ValueSet:
    """A condition's values, prepared once for membership tests; iterates as the list."""

    __slots__ = ("_keys", "_unhashable", "values")

    def __init__(self, values: Iterable[Any]):
        self.values = list(values)
        self._keys: set[tuple] = set()
        self._unhashable: list[Any] = []
        for value in self.values:
            try:
                self._keys.add(_key(value))
            except TypeError:  # a list or mapping: compared one by one
                self._unhashable.append(value)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, item: Any) -> bool:
        """True when ``item`` equals one of the values as ``=`` compares."""
        try:
            if _key(item) in self._keys:
                return True
        except TypeError:
            pass
        if not self._unhashable:
            return False
        from scorecard_cli.core.query import same

        return any(same(item, value) for value in self._unhashable)

    def any_in(self, items: Iterable[Any]) -> bool:
        """True when some element of ``items`` is among the values."""
        return any(item in self for item in items)
