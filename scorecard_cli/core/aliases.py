"""The bytes that YAML aliases expand to, measured before anything is expanded.

yaml-rs bounds alias expansion by parser events only: a 4 MB string behind an anchor,
aliased 5,000 times, is 5,000 events and 20 GB of copies. Here the stream's events are
read once with PyYAML's parser (aliases stay single events, so this is linear in the
text), each anchored node's expanded size is added up, and every alias adds the size
of the node it names. Past ``MAX_ALIAS_BYTES`` for the file, all documents together,
the file is refused at the alias that crossed the limit.
"""

from __future__ import annotations

import re

MAX_ALIAS_BYTES = 10 * 1024 * 1024
MESSAGE = (f"YAML aliases expand to more than {MAX_ALIAS_BYTES:,} bytes (the limit for a "
           "file, all its documents together)")
# An anchor (&name) and an alias (*name) where a node may start: both must be present.
_ANCHOR = re.compile(r"(?:^|[ \t\[{,])&[^ \t\r\n,\[\]{}]", re.MULTILINE)
_ALIAS = re.compile(r"(?:^|[ \t\[{,])\*[^ \t\r\n,\[\]{}]", re.MULTILINE)


class AliasBytesError(Exception):
    """Aliases expand past MAX_ALIAS_BYTES; ``line`` and ``column`` are 1-based."""

    def __init__(self, line: int, column: int):
        super().__init__(MESSAGE)
        self.line, self.column = line, column


def may_expand(text: str) -> bool:
    """False when the text has no anchor or no alias, so nothing can be expanded."""
    return _ANCHOR.search(text) is not None and _ALIAS.search(text) is not None


def check_alias_bytes(text: str, limit: int = MAX_ALIAS_BYTES) -> None:
    """Raise AliasBytesError when the aliases of ``text`` expand past ``limit`` bytes.

    A scalar counts its length plus one, a collection one plus its content. When PyYAML
    cannot parse the text (the error is then yaml-rs's to report, or yaml-rs reads what
    PyYAML does not), every alias is assumed to repeat the whole text.
    """
    import yaml

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}
    open_nodes: list[list] = []  # [anchor, size] of each collection being read
    expanded = 0
    try:
        for event in yaml.parse(text, Loader=parser):
            size = 0
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor, 0)
                expanded += size
                if expanded > limit:
                    raise AliasBytesError(event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, yaml.ScalarEvent):
                size = len(event.value) + 1
                if event.anchor:
                    sizes[event.anchor] = size
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                open_nodes.append([event.anchor, 1])
                continue
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = open_nodes.pop()
                if anchor:
                    sizes[anchor] = size
            else:
                continue
            if open_nodes:
                open_nodes[-1][1] += size
    except yaml.YAMLError:
        _check_roughly(text, limit)


def _check_roughly(text: str, limit: int) -> None:
    """The bound when PyYAML cannot read the text: each alias as long as the text."""
    aliases = list(_ALIAS.finditer(text))
    if len(aliases) * len(text) <= limit:
        return
    first = aliases[0]
    offset = first.start() + (first.group()[0] != "*")
    line = text.count("\n", 0, offset)
    raise AliasBytesError(line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)
