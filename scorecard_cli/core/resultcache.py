"""The persistent result cache (SPEC §10): reuse (entity, scorecard) results across runs.

Two kinds of entries, both in one ``ResultStore``:

- **file entries**, keyed by the catalog file's path and text: what loading the file
  gave (its entities' headers, diagnostics, template notices). A warm run reads the
  file to hash it but does not parse it: its entities are *stubs* (no data but what
  finding their source needs) until a result of theirs is missing, when the file is
  parsed after all (``materialize``). Files that hold a ``Location`` or a ``$text``/``$json``/
  ``$yaml`` placeholder, or collide with another file's entity, are never stored this way
  (their outcome depends on other files); an entity's key covers what its placeholders
  included.
- **result entries**, keyed by the entity (its file entry's key and place in the file),
  the scorecard's definition, the run's settings (every option and configuration value
  but the list of paths and the clock), the tool's code, and the entity's source (the
  repository and folder, or why there is none): the result record, and the facts its
  rules read while it was computed (``core.facts``). A stored result is used only when
  every one of those facts still holds; else it is computed again and replaced.

So a changed catalog file, scorecard, option, tool version or tree misses, and a result
is never served stale. What a run took from the cache is counted in ``stats``.
"""

from __future__ import annotations

import hashlib
import os
import time
from typing import Any

import orjson

from scorecard_cli import __version__
from scorecard_cli.core.model import Entity, Scorecard
from scorecard_cli.core.profile import phase
from scorecard_cli.core.resultstore import ResultStore, StoreError

SOURCE_LOCATION = "backstage.io/source-location"
_STUB_FIELDS = ("ref", "dialect", "blueprint", "index", "prefix", "line", "column", "meta")


def _feed(digest: Any, parts: tuple) -> bytes:
    """Feed parts to a hash, each tagged with its kind and length (so that no two lists
    of parts feed the same bytes); return the digest."""
    for part in parts:
        if isinstance(part, bytes):
            tag, data = b"b", part
        elif isinstance(part, str):
            tag, data = b"s", part.encode("utf-8", "surrogatepass")
        else:
            tag, data = b"r", repr(part).encode("utf-8", "surrogatepass")
        digest.update(tag + len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()  # type: ignore[no-any-return]


def _digest(*parts: Any) -> bytes:
    return _feed(hashlib.blake2b(digest_size=20), parts)


_CODE: bytes | None = None


def code_fingerprint() -> bytes:
    """The tool version and a digest of every module of the package: an edited or
    upgraded installation never reads results computed by other code."""
    global _CODE
    if _CODE is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        digest = hashlib.blake2b(__version__.encode(), digest_size=20)
        for folder, dirs, names in sorted(os.walk(package)):
            dirs.sort()
            for name in sorted(names):
                if name.endswith((".py", ".yaml", ".json")):
                    path = os.path.join(folder, name)
                    digest.update(os.path.relpath(path, package).encode())
                    with open(path, "rb") as fh:
                        digest.update(fh.read())
        _CODE = digest.digest()
    return _CODE


def scorecard_digest(scorecard: Scorecard) -> bytes | None:
    """A digest of a scorecard's definition as written and as loaded (rules selected or
    changed after loading change it too); None for a scorecard not loaded from a file."""
    if scorecard.raw is None:
        return None
    rules = [(r.id, r.title, r.level, r.type, r.description, r.fix_action)
             for r in scorecard.rules]
    # repr() tells apart every value a definition can hold (1, 1.0, True, "1"), and a
    # value whose repr is not stable (a set) only makes the cache miss.
    return _digest(scorecard.raw, scorecard.id, scorecard.title, scorecard.blueprint,
                   scorecard.file, scorecard.levels, rules, scorecard.filter is None)


def _round_trips(value: Any) -> bytes | None:
    """The JSON of a value when reading it back gives an equal value, else None (dates,
    tuples, non-string keys, NaN, huge integers: such values are not stored)."""
    try:
        data = orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError):
        return None
    return data if orjson.loads(data) == value else None


class ResultCache:
    """One run's view of the cache: lookups, the entries to store, and the counts."""

    def __init__(self, folder: str, settings: Any):
        self.store = ResultStore(folder)  # raises StoreError
        self.run_key = _digest(code_fingerprint(), settings)
        self._base = hashlib.blake2b(self.run_key, digest_size=20)  # copied for each key
        self.now = time.time()  # the run clock: the engine sets its own
        self.parse: Any = None  # (path, display, text) -> the entities of a catalog file
        self.stats = {"hits": 0, "misses": 0}  # results reused, results computed
        self.notice: str | None = None  # why the cache stopped working, if it did
        self._pending: dict[bytes, bytes] = {}
        self._texts: dict[str, tuple[str, str]] = {}  # stub file -> (display, text)
        self._files: dict[bytes, Any] = {}
        self._entry_keys: dict[str, bytes] = {}
        self._real: dict[int, Entity] = {}  # id(stub) -> the parsed entity
        self._stubs: dict[int, Entity] = {}
        self._results: dict[bytes, Any] = {}
        self._scorecards: dict[int, bytes] = {}

    # --- catalog files ---------------------------------------------------------------

    def _key(self, *parts: Any) -> bytes:
        return _feed(self._base.copy(), parts)

    def _text_key(self, path: str, text: str) -> bytes:
        """``_key("text", path, text)``, without its per-part overhead (one per file)."""
        digest = self._base.copy()
        name = path.encode("utf-8", "surrogatepass")
        data = text.encode("utf-8", "surrogatepass")
        digest.update(b"t%d:%d:" % (len(name), len(data)) + name)
        digest.update(data)
        return digest.digest()

    def _file_entry_key(self, path: str) -> bytes:
        # The path as shown follows from the path and the current folder (in run_key).
        key = self._entry_keys.get(path)
        if key is None:
            digest = self._base.copy()
            digest.update(b"f" + path.encode("utf-8", "surrogatepass"))
            key = self._entry_keys[path] = digest.digest()
        return key

    def prefetch_files(self, paths: list[str]) -> None:
        """Read the entries of these catalog files in one go."""
        self._files.update(self._get([self._file_entry_key(path) for path in paths]))

    def load_text(self, loader: Any, path: str, display: str, text: str) -> None:
        """Load a catalog file's text into the loader: from its stored entry when there is
        one for this very text, else by parsing it (and storing what that gave)."""
        entry_key = self._file_entry_key(path)
        text_key = self._text_key(path, text)
        entry = self._files.get(entry_key)
        if entry_key not in self._files:
            entry = self._get([entry_key]).get(entry_key)
        if (isinstance(entry, dict) and entry.get("text") == text_key.hex()
                and not any(head["ref"] in loader.refs for head in entry["entities"])):
            with phase("result cache: catalog files"):
                self._replay(loader, entry, path, display, text, text_key)
            return
        catalog = loader.catalog
        marks = (len(catalog.entities), len(catalog.diagnostics), len(catalog.templates),
                 loader.collisions, loader.placeholders)
        loader.load_text(path, display, text)
        entities = catalog.entities[marks[0]:]
        for entity in entities:
            entity.key = _entity_key(text_key, entity)
        if loader.collisions != marks[3] or loader.placeholders != marks[4] or any(
                e.dialect == "backstage" and e.blueprint.lower() == "location" for e in entities):
            return  # what loading it gave depends on other files
        value = {"text": text_key.hex(), "entities": [_head(entity) for entity in entities],
                 "diagnostics": [[d.file, d.line, d.column, d.message, d.severity]
                                 for d in catalog.diagnostics[marks[1]:]],
                 "templates": catalog.templates[marks[2]:]}
        data = _round_trips(value)
        if data is not None:
            self._pending[entry_key] = data

    def _replay(self, loader: Any, entry: dict, path: str, display: str, text: str,
                text_key: bytes) -> None:
        from scorecard_cli.core.errors import Diagnostic

        catalog = loader.catalog
        for head in entry["entities"]:
            stub = _stub(head, path, display)
            stub.key = _entity_key(text_key, stub)
            self._stubs[id(stub)] = stub
            loader.refs[stub.ref] = stub
            catalog.entities.append(stub)
        catalog.diagnostics += [Diagnostic(*d) for d in entry["diagnostics"]]
        catalog.templates += entry["templates"]
        self._texts[path] = (display, text)

    def is_stub(self, entity: Entity) -> bool:
        """True for an entity replayed from a file entry and not parsed yet."""
        return id(entity) in self._stubs and id(entity) not in self._real

    def materialize(self, entity: Entity) -> Entity:
        """The parsed entity of a stub (its file is parsed once, with ``self.parse``);
        any other entity as it is."""
        if id(entity) not in self._stubs:
            return entity
        if id(entity) not in self._real:
            display, text = self._texts[entity.file]
            parsed = {(e.index, e.prefix): e for e in self.parse(entity.file, display, text)}
            for stub in list(self._stubs.values()):
                if stub.file == entity.file:
                    real = parsed.get((stub.index, stub.prefix))
                    if real is None or real.ref != stub.ref:  # cannot happen: same text
                        raise RuntimeError(f"cached entity {stub.ref} not found again")
                    real.key = stub.key
                    self._real[id(stub)] = real
        return self._real[id(entity)]

    # --- results ---------------------------------------------------------------------

    def result_key(self, entity: Entity, scorecard: Scorecard, place: Any) -> bytes | None:
        """The key of an (entity, scorecard) result; None when it cannot be cached."""
        digest = self._scorecards.get(id(scorecard))
        if digest is None:
            digest = self._scorecards[id(scorecard)] = scorecard_digest(scorecard) or b""
        if entity.key is None or not digest:
            return None
        # A filter with a date preset selects by the clock: such pairs hold for this clock.
        clock = self.now if scorecard.filter is not None and getattr(
            scorecard.filter, "reads_clock", True) else None
        return self._key(entity.key, digest, place, clock)

    def prefetch(self, keys: list[bytes]) -> None:
        """Read these result entries in one go."""
        self._results.update(self._get(keys))

    def lookup(self, key: bytes | None, snapshot: Any) -> Any:
        """The stored outcome of a pair when its facts hold: ``"skip"``, or the result
        record; None on a miss."""
        from scorecard_cli.core.facts import holds

        entry = self._results.get(key) if key is not None else None
        if isinstance(entry, dict) and (entry.get("skip") is True or (
                "record" in entry and holds(entry["facts"], snapshot, self.now))):
            return "skip" if entry.get("skip") else entry["record"]
        return None

    def put(self, key: bytes | None, record: dict | None, facts: list) -> None:
        """Store a computed outcome: a record and its facts, or None for skipped."""
        if key is None:
            return
        value = {"skip": True} if record is None else {"facts": facts, "record": record}
        data = _round_trips(value)
        if data is not None:
            self._pending[key] = data

    def _get(self, keys: list[bytes]) -> dict[bytes, Any]:
        if self.notice is not None:
            return {}
        try:
            return self.store.get_many(keys)
        except StoreError as exc:
            self.notice = str(exc)
            return {}

    def save(self) -> None:
        """Write the new entries and the use of the old ones; a failure becomes a notice."""
        if self.notice is None:
            try:
                self.store.put_many(self._pending)
            except StoreError as exc:
                self.notice = str(exc)
        self.store.close()


def _entity_key(text_key: bytes, entity: Entity) -> str:
    """An entity's key: its file's text key and its place in the file (and, when its
    placeholders included other files, their texts: its data holds them too)."""
    if entity.included:
        return _digest(text_key, entity.index, entity.prefix, *entity.included).hex()
    return f"{text_key.hex()}:{entity.index}:{entity.prefix!r}"


def _head(entity: Entity) -> dict:
    """What a stub keeps of an entity: its header, and the annotation that moves its
    source folder (the one part of its data needed before its results are looked up)."""
    head = {name: getattr(entity, name) for name in _STUB_FIELDS}
    head["prefix"] = list(entity.prefix)
    annotations = entity.data.get("metadata", {}).get("annotations") \
        if entity.dialect == "backstage" and isinstance(entity.data.get("metadata"), dict) \
        else None
    if isinstance(annotations, dict) and SOURCE_LOCATION in annotations:
        head["sourceLocation"] = annotations[SOURCE_LOCATION]
    return head


def _stub(fields: dict, path: str, display: str) -> Entity:
    data: dict = {}
    if "sourceLocation" in fields:
        data = {"metadata": {"annotations": {SOURCE_LOCATION: fields["sourceLocation"]}}}
    return Entity(ref=fields["ref"], dialect=fields["dialect"], blueprint=fields["blueprint"],
                  data=data, file=path, display=display, index=fields["index"],
                  prefix=tuple(fields["prefix"]), line=fields["line"], column=fields["column"],
                  meta=fields["meta"])
