"""The JSON Schemas shipped with scorecard, their validators, and readable error messages.

The schemas live in ``schemas/`` at the top of a source checkout and in the
``scorecard_cli.schemas`` package of an installed wheel. jsonschema is slow to import,
so it is imported only when a validator is first asked for (``check`` never needs
one), and each validator is compiled once.

``schema_problems`` turns jsonschema's errors into short messages that quote the
offending value, each with the key path it belongs to. A schema may carry its own
wording in ``x-message`` (a string, or a mapping from keyword to string), where
``{value}`` is the offending value and ``{where}`` the key it sits under.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import scorecard_cli
from scorecard_cli.core.errors import UsageError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

SCHEMA_NAMES = ("scorecard", "entity", "config", "result")
_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "a string",
               "number": "a number", "integer": "an integer", "boolean": "a boolean",
               "null": "null"}


class SchemaProblem(NamedTuple):
    """One schema violation: the key path of the offending value and a message."""

    keys: tuple
    message: str
    at_key: bool = False  # point at the last key itself (an unknown or invalid key)


def _check_name(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise UsageError(f"unknown schema {name!r} (known: {', '.join(SCHEMA_NAMES)})")
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    """The text of schema ``name`` (scorecard, entity, config or result), as shipped."""
    filename = _check_name(name)
    try:
        from importlib.resources import files

        resource = files("scorecard_cli.schemas") / filename
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ImportError, OSError, TypeError):
        pass  # not installed as a package: fall back to the source checkout
    checkout = Path(scorecard_cli.__file__).resolve().parent.parent / "schemas" / filename
    return checkout.read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict:
    """Schema ``name`` parsed (shared between callers: do not modify it)."""
    schema: dict = json.loads(schema_text(name))
    return schema


@cache
def validator(name: str) -> Validator:
    """The compiled draft 2020-12 validator of schema ``name``, built once."""
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(name: str, instance: Any) -> list[SchemaProblem]:
    """Every violation of schema ``name`` by ``instance`` (not only the first), deduplicated.

    May raise RecursionError on absurdly nested input; callers report that.
    """
    problems: list[SchemaProblem] = []
    seen: set[tuple] = set()
    typed: set[tuple] = set()
    for error in validator(name).iter_errors(_jsonable(instance)):
        for problem in explain(error):
            if error.validator == "type":
                # nested if/then branches may check the same value's type twice
                if problem.keys in typed:
                    continue
                typed.add(problem.keys)
            if (problem.keys, problem.message) not in seen:
                seen.add((problem.keys, problem.message))
                problems.append(problem)
    return problems


def _jsonable(value: Any) -> Any:
    """The data as JSON sees it: mapping keys as strings (YAML allows numbers, booleans...)."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def show(value: Any) -> str:
    """A value as quoted in messages: strings quoted, JSON spellings, at most 60 characters."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def where(keys: tuple) -> str:
    """The key a value sits under, for messages: ``'owner'``, ``item 2 of 'tags'``."""
    if not keys:
        return "the document"
    last = keys[-1]
    if isinstance(last, int):
        parent = next((k for k in reversed(keys) if isinstance(k, str)), None)
        return f"item {last + 1} of {parent!r}" if parent else f"item {last + 1}"
    return repr(last)


def _custom(error: ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-message")
    if isinstance(custom, dict):
        custom = custom.get(str(error.validator))
    return custom if isinstance(custom, str) else None


def _hint(value: Any, options: list) -> str:
    """Did-you-mean for one clearly closest option; else the list of known options."""
    names = [str(o) for o in options]
    scores = sorted(((difflib.SequenceMatcher(None, str(value), name).ratio(), name)
                     for name in names), reverse=True)
    if scores and scores[0][0] >= 0.6 and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 0.1):
        return f" (did you mean {scores[0][1]!r}?)"
    return f" (known: {', '.join(names)})"


def explain(error: ValidationError) -> list[SchemaProblem]:
    """One jsonschema error as problems with short messages (several for unknown keys)."""
    keys = tuple(error.absolute_path)
    keyword = error.validator
    custom = _custom(error)
    if keyword in ("anyOf", "oneOf") and custom is None and error.context:
        from jsonschema.exceptions import best_match

        return explain(best_match(error.context))
    if keyword == "additionalProperties" and error.validator_value is False:
        return _unknown_keys(error, keys)
    if keyword == "required":
        # jsonschema raises one error per missing key; listing all of them each time is
        # harmless because schema_problems drops repeats
        return [SchemaProblem(keys, f"missing required key {key!r}")
                for key in error.validator_value if key not in error.instance]
    at_key = "propertyNames" in error.absolute_schema_path
    if at_key:
        keys = (*keys, error.instance)  # jsonschema points at the mapping, not the key
    value = show(error.instance)
    if custom is not None:
        message = custom.replace("{value}", value).replace("{where}", where(keys))
        if keyword == "enum":
            message += _hint(error.instance, list(error.validator_value))
        return [SchemaProblem(keys, message, at_key)]
    return [SchemaProblem(keys, _default_message(error, keys, value), at_key)]


def _unknown_keys(error: ValidationError, keys: tuple) -> list[SchemaProblem]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    problems = []
    for key in error.instance:
        if key in known or any(re.search(p, key) for p in patterns):
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(SchemaProblem((*keys, key), f"unknown key {key!r}{hint}", True))
    return problems


def _default_message(error: ValidationError, keys: tuple, value: str) -> str:
    keyword, limit, at = error.validator, error.validator_value, where(keys)
    if keyword == "type":
        wanted = [limit] if isinstance(limit, str) else list(limit)
        names = [_TYPE_NAMES.get(t, t) for t in wanted]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"{at} must be {listed} (got {value})"
    if keyword == "enum":
        return f"{value} is not allowed for {at}{_hint(error.instance, list(limit))}"
    if keyword == "const":
        return f"{at} must be {show(limit)} (got {value})"
    if keyword == "pattern":
        return f"{value} does not match the pattern {limit!r}"
    if keyword in ("minLength", "minItems", "minProperties") and limit == 1:
        return f"{at} must not be empty"
    if keyword in ("minLength", "maxLength"):
        bound = "at least" if keyword == "minLength" else "at most"
        return f"{value} is {'too short' if bound == 'at least' else 'too long'} " \
               f"({bound} {limit} characters)"
    if keyword in ("minItems", "maxItems", "minProperties", "maxProperties"):
        bound = "at least" if keyword.startswith("min") else "at most"
        noun = "items" if keyword.endswith("Items") else "keys"
        return f"{at} must have {bound} {limit} {noun}"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most",
                 "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}
        return f"{at} must be {words[keyword]} {limit} (got {value})"
    if keyword == "format":
        return f"{value} is not a valid {limit}"
    if keyword in ("not", None, "false"):
        return f"{at} is not allowed here"
    return error.message
