"""Validate a Backstage entity as Backstage's catalog does, every problem at once.

The catalog (``@backstage/catalog-model`` 1.10.3 with its default policies) refuses an
entity when any of these fails, and ``entity_problems`` reports each one:

- the envelope schema: ``apiVersion``, ``kind``, ``metadata`` (a mapping with a
  ``name``), an optional ``spec`` mapping, and no other top-level key; ``relations`` and
  ``status`` are filled in by the catalog and refused in a source file;
- the field formats: apiVersion, kind, name, namespace, label and annotation keys and
  values, tags, and every link's ``url`` (an absolute URL), ``title`` and ``icon``;
- the kind: a kind and apiVersion that some validator knows (``backstage_kinds``, or a
  kind declared under ``kinds:`` in ``.scorecard.yaml``), then that kind's schema.
  Kinds are case-sensitive, as in Backstage.

Problems are returned, with key paths, for the caller to locate; nothing is raised.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scorecard_cli.core.backstage_kinds import (
    KINDS,
    RETIRED_VERSIONS,
    TEXT,
    Shape,
    check_shape,
    type_of,
)
from scorecard_cli.core.errors import Problem
from scorecard_cli.core.placeholders import Unresolved
from scorecard_cli.core.schemas import show
from scorecard_cli.core.urls import is_valid_url

_ROOT_KEYS = ("apiVersion", "kind", "metadata", "spec")
_CATALOG_KEYS = ("relations", "status")
_DNS_LABEL = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+)*")
_OBJECT_NAME = re.compile(r"(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_VERSION_NAME = re.compile(r"[a-z0-9A-Z]+")
_KIND = re.compile(r"[a-zA-Z][a-z0-9A-Z]*")
_TAG = re.compile(r"[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*")
_KEY_RULE = ("([prefix/]name: a DNS prefix, then letters and digits separated by '-', '_' "
             "or '.')")
_NAME_RULE = "(letters and digits, separated by '-', '_' or '.')"
_METADATA = Shape(("object",), required=("name",), fields={
    "name": TEXT, "namespace": TEXT, "title": TEXT, "description": Shape(("string",)),
    "uid": TEXT, "etag": TEXT,
    "labels": Shape(("object",), other=Shape(("string",))),
    "annotations": Shape(("object",), other=Shape(("string",))),
    "tags": Shape(("array",), items=TEXT),
    "links": Shape(("array",), items=Shape(("object",), required=("url",), fields={
        "url": TEXT, "title": TEXT, "icon": TEXT, "type": TEXT}))})


@dataclass(frozen=True)
class DeclaredKind:
    """A kind declared in the configuration: its apiVersions (any when empty), and a
    checker of the whole entity built from its JSON Schema (None: no schema)."""

    name: str
    api_versions: tuple[str, ...] = ()
    check: Callable[[dict], list[Problem]] | None = None


def _dns_label(value: str) -> bool:
    return 1 <= len(value) <= 63 and _DNS_LABEL.fullmatch(value) is not None


def _dns_subdomain(value: str) -> bool:
    return 1 <= len(value) <= 253 and all(_dns_label(part) for part in value.split("."))


def _object_name(value: str) -> bool:
    return 1 <= len(value) <= 63 and _OBJECT_NAME.fullmatch(value) is not None


def _prefixed(value: str, suffix: Callable[[str], bool]) -> bool:
    """``name`` or ``prefix/name``, the prefix a DNS subdomain (Kubernetes' key rule)."""
    parts = value.split("/")
    if len(parts) == 1:
        return suffix(parts[0])
    return len(parts) == 2 and _dns_subdomain(parts[0]) and suffix(parts[1])


def _api_version(value: str) -> bool:
    return _prefixed(value, lambda n: 1 <= len(n) <= 63 and
                     _VERSION_NAME.fullmatch(n) is not None)


def _formats(data: dict) -> list[Problem]:
    """The field formats Backstage's FieldFormatEntityPolicy checks, on well-typed values."""
    metadata = data.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    # (value, key path, test, what is wrong, point at the key rather than the value)
    checks: list[tuple[Any, tuple, Callable[[str], bool], str, bool]] = [
        (data.get("apiVersion"), ("apiVersion",), _api_version, ("is not a valid apiVersion "
         "([prefix/]version: a DNS prefix, then letters and digits)"), False),
        (data.get("kind"), ("kind",), _kind_name,
         "is not a valid kind (a letter followed by letters and digits, at most 63)", False),
        (metadata.get("name"), ("metadata", "name"), _object_name,
         f"is not a valid entity name {_NAME_RULE[:-1]}, at most 63 characters)", False),
        (metadata.get("namespace"), ("metadata", "namespace"), _dns_label,
         ("is not a valid namespace (lower-case letters and digits, separated by '-', at "
         "most 63 characters)"), False)]
    for block, what in (("labels", "label"), ("annotations", "annotation")):
        values = metadata.get(block)
        for key, value in values.items() if isinstance(values, dict) else ():
            keys = ("metadata", block, key)
            checks.append((str(key), keys, _key_name, f"is not a valid {what} key {_KEY_RULE}",
                           True))
            if block == "labels":
                checks.append((value, keys, _label_value,
                               f"is not a valid label value {_NAME_RULE}", False))
    tags = metadata.get("tags")
    for i, tag in enumerate(tags if isinstance(tags, list) else ()):
        checks.append((tag, ("metadata", "tags", i), _tag, ("is not a valid tag (lower-case "
                       "letters, digits and ':+#', separated by single '-')"), False))
    links = metadata.get("links")
    for i, link in enumerate(links if isinstance(links, list) else ()):
        if isinstance(link, dict):
            checks.append((link.get("url"), ("metadata", "links", i, "url"), is_valid_url,
                           "is not a valid URL (an absolute URL such as https://example.com)",
                           False))
            checks += [(link.get(key), ("metadata", "links", i, key), _not_blank,
                        "must not be blank", False) for key in ("title", "icon")]
    return [Problem(f"{show(value)} {message}", keys, at_key)
            for value, keys, test, message, at_key in checks
            if isinstance(value, str) and value and not test(value)]


def _kind_name(value: str) -> bool:
    return len(value) <= 63 and _KIND.fullmatch(value) is not None


def _key_name(value: str) -> bool:
    return _prefixed(value, _object_name)


def _label_value(value: str) -> bool:
    return value == "" or _object_name(value)


def _tag(value: str) -> bool:
    return len(value) <= 63 and _TAG.fullmatch(value) is not None


def _not_blank(value: str) -> bool:
    return bool(value.strip())


def _root(data: dict) -> list[Problem]:
    problems = [Problem(f"missing required key {key!r}") for key in _ROOT_KEYS[:3]
                if key not in data]
    for key in data:
        if key in _CATALOG_KEYS:
            problems.append(Problem(f"{key!r} is filled in by the catalog: Backstage refuses "
                                    "it in a catalog file", (key,), True))
        elif key not in _ROOT_KEYS:
            close = difflib.get_close_matches(str(key), _ROOT_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(f"unknown key {key!r}{hint}", (key,), True))
    for key in ("apiVersion", "kind"):
        if key in data:
            problems += check_shape(data[key], TEXT, (key,))
    if "metadata" in data:
        problems += check_shape(data["metadata"], _METADATA, ("metadata",), Unresolved)
    if "spec" in data and not isinstance(data["spec"], dict):
        problems.append(Problem(f"'spec' must be a mapping (got {show(data['spec'])})",
                                ("spec",)))
    return problems


def _kind(data: dict, declared: Mapping[str, DeclaredKind]) -> list[Problem]:
    """The kind's own checks, or why no kind matches (kind and apiVersion well-typed)."""
    kind, version = data["kind"], data["apiVersion"]
    own = declared.get(kind)
    builtin = KINDS.get(kind)
    if builtin is not None and version in builtin[0]:
        problems = [Problem("missing required key 'spec'")] if "spec" not in data else (
            check_shape(data["spec"], builtin[1], ("spec",), Unresolved))
        return problems + (own.check(data) if own and own.check else [])
    if own is not None and (not own.api_versions or version in own.api_versions):
        return own.check(data) if own.check else []
    if builtin is not None or own is not None:
        known = [*(builtin[0] if builtin else ()), *(own.api_versions if own else ())]
        retired = version in RETIRED_VERSIONS.get(kind, ())
        why = "is no longer read by Backstage for" if retired else "is not an apiVersion of"
        return [Problem(f"{show(version)} {why} kind {kind} (known: {', '.join(known)})",
                        ("apiVersion",))]
    names = [*KINDS, *(k for k in declared if k not in KINDS)]
    same = [name for name in names if name.lower() == kind.lower()]
    if same:
        hint = f" (kinds are case-sensitive: {same[0]!r})"
    else:
        hint = (f" (Backstage knows {', '.join(KINDS)}; declare other kinds under 'kinds:'"
                " in .scorecard.yaml)")
    return [Problem(f"unknown kind {show(kind)}{hint}", ("kind",))]


def entity_problems(data: Any, declared: Mapping[str, DeclaredKind] | None = None
                    ) -> list[Problem]:
    """Every reason Backstage's catalog would refuse this entity document (none: valid).

    ``declared`` maps the kinds declared in the configuration to their checks.
    """
    if not isinstance(data, dict):
        return [Problem(f"not an entity: expected a mapping (got {show(data)})")]
    problems = _root(data)
    problems += _formats(data)
    typed = all(type_of(data.get(key)) == "string" and data[key] for key in ("kind",
                                                                              "apiVersion"))
    if typed and not any(p.keys[:1] in (("kind",), ("apiVersion",)) for p in problems):
        problems += _kind(data, declared or {})
    return problems
