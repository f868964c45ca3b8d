"""``scorecard diff``: evaluate the catalog and the repository at two refs and compare.

Each side is a whole run: configuration, scorecards, catalog files and source files as
they are at that commit, read through git objects (``TreeFiles``), or the working tree
for a head that is not given. Nothing is checked out; the working tree and the index are
never written. Entities are matched by reference; an entity whose reference changed
while it stayed at the same place (same file, or the file git sees as renamed, same
document, same kind) is shown as renamed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from scorecard_cli.core.check import CheckOptions, evaluate, prepare
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import Diagnostic, UsageError
from scorecard_cli.core.filesource import DISK, TreeFiles
from scorecard_cli.core.model import Entity
from scorecard_cli.core.places import display_path
from scorecard_cli.core.repos import find_repo_root, open_repo

RESULT_VERSION = 1


@dataclass
class Side:
    """One evaluated side of a diff."""

    ref: str | None  # None: the working tree
    commit: str | None
    result: RunResult
    entities: dict[str, Entity]


@dataclass
class DiffResult:
    """The comparison, as plain data, and the diagnostics of both sides."""

    document: dict
    base_diagnostics: list[Diagnostic] = field(default_factory=list)
    head_diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def regression(self) -> bool:
        """True when a level dropped or a rule that passed now fails."""
        return bool(self.document["summary"]["regression"])

    @property
    def head_errors(self) -> bool:
        """True when the head has input errors (the base's are history, reported only)."""
        return any(d.severity == "error" for d in self.head_diagnostics)


def _side(options: CheckOptions, root: str, repo: object, ref: str | None) -> Side:
    files = DISK if ref is None else TreeFiles(root, repo, ref)
    run = prepare(replace(options, ref=None), files)
    result = evaluate(run, options)
    return Side(ref, files.commit, result, {e.ref: e for e in run.catalog.entities})


def _renames(repo: object, root: str, cwd: str, base: str, head: str | None) -> dict[str, str]:
    """Files git sees as renamed between the commits (display paths, old -> new)."""
    import git

    args = ["-M", "--name-status", "-z", "--no-ext-diff", "--no-textconv", base]
    try:
        out = repo.git.diff(*args, *([head] if head else []),  # type: ignore[attr-defined]
                            env={"GIT_OPTIONAL_LOCKS": "0"})
    except git.GitCommandError:
        return {}
    fields = out.split("\0")
    renames: dict[str, str] = {}
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            old, new = fields[i + 1], fields[i + 2]
            renames[display_path(os.path.join(root, old), cwd)] = display_path(
                os.path.join(root, new), cwd)
            i += 3
        else:
            i += 2
    return renames


def _place(entity: Entity, renames: dict[str, str] | None = None) -> tuple:
    display = (renames or {}).get(entity.display, entity.display)
    return display, entity.index, entity.prefix, entity.blueprint.casefold()


def pair_entities(base: dict[str, Entity], head: dict[str, Entity],
                  renames: dict[str, str]) -> list[tuple[str | None, str | None]]:
    """(base reference, head reference) pairs: kept, renamed, added (None, ref) and
    removed (ref, None), sorted by the head reference (else the base one)."""
    pairs: list[tuple[str | None, str | None]] = [(ref, ref) for ref in base if ref in head]
    gone = [ref for ref in base if ref not in head]
    new = {_place(head[ref]): ref for ref in head if ref not in base}
    for ref in gone:
        match = new.pop(_place(base[ref], renames), None)
        pairs.append((ref, match))
    paired = {h for _, h in pairs}
    pairs += [(None, ref) for ref in head if ref not in paired]
    return sorted(pairs, key=lambda p: (p[1] or p[0] or ""))


def _ok(rule: dict) -> bool:
    return bool(rule["passed"] or rule["waived"])


def _rule_brief(rule: dict) -> dict:
    return {"id": rule["id"], "title": rule["title"], "level": rule["level"],
            "details": rule["error"] or rule["details"]}


def _rank(title: str | None, head_levels: list[str], base_levels: list[str]) -> int:
    """A level's position, in the head's levels when it has it: -1 for no level."""
    if title is None:
        return -1
    for levels in (head_levels, base_levels):
        folded = [t.casefold() for t in levels]
        if title.casefold() in folded:
            return folded.index(title.casefold())
    return -1


def compare_records(before: dict | None, after: dict | None, head_levels: list[str],
                    base_levels: list[str]) -> dict:
    """The change of one (entity, scorecard) between the sides."""
    out = {"scorecard": (after or before or {})["scorecard"],
           "before": None if before is None else {"level": before["level"],
                                                  "status": before["status"]},
           "after": None if after is None else {"level": after["level"],
                                                "status": after["status"]},
           "newlyFailing": [], "newlyPassing": [], "addedRules": [], "removedRules": []}
    if before is None or after is None:
        out["change"] = "added" if before is None else "removed"
        return out
    old = {rule["id"]: rule for rule in before["rules"]}
    new_ids = set()
    for rule in after["rules"]:
        new_ids.add(rule["id"])
        if rule["id"] not in old:
            out["addedRules"].append({**_rule_brief(rule), "passed": _ok(rule)})
        elif _ok(old[rule["id"]]) and not _ok(rule):
            out["newlyFailing"].append(_rule_brief(rule))
        elif not _ok(old[rule["id"]]) and _ok(rule):
            out["newlyPassing"].append(_rule_brief(rule))
    out["removedRules"] = [_rule_brief(rule) for rule in before["rules"]
                           if rule["id"] not in new_ids]
    was = _rank(before["level"], head_levels, base_levels)
    now = _rank(after["level"], head_levels, base_levels)
    verdicts = (out["newlyFailing"] or out["newlyPassing"]
                or any(not r["passed"] for r in out["addedRules"]))
    out["change"] = ("raised" if now > was else "lowered" if now < was
                     else "changed" if verdicts else "same")
    return out


def _definition_changes(base: list[dict], head: list[dict]) -> list[dict]:
    """Scorecards added, removed, or whose levels or rules changed between the sides."""
    old = {sc["id"]: sc for sc in base}
    new = {sc["id"]: sc for sc in head}
    changes = []
    for sc_id in sorted(set(old) | set(new)):
        if sc_id not in old or sc_id not in new:
            changes.append({"scorecard": sc_id, "change": "added" if sc_id in new else "removed"})
            continue
        a, b = old[sc_id], new[sc_id]
        rules_a = {r["id"]: r for r in a["rules"]}
        rules_b = {r["id"]: r for r in b["rules"]}
        item = {
            "scorecard": sc_id, "change": "changed",
            "levels": None if a["levels"] == b["levels"] else
            {"before": [lv["title"] for lv in a["levels"]],
             "after": [lv["title"] for lv in b["levels"]]},
            "addedRules": sorted(set(rules_b) - set(rules_a)),
            "removedRules": sorted(set(rules_a) - set(rules_b)),
            "changedRules": sorted(r for r in set(rules_a) & set(rules_b)
                                   if rules_a[r] != rules_b[r]),
        }
        if item["levels"] or item["addedRules"] or item["removedRules"] or item["changedRules"]:
            changes.append(item)
    return changes


def _levels_of(result: RunResult) -> dict[str, list[str]]:
    return {sc["id"]: [lv["title"] for lv in sc["levels"]] for sc in result.scorecards}


def compare(base: Side, head: Side, renames: dict[str, str]) -> dict:
    """The diff document of two evaluated sides."""
    before = {(r["entity"], r["scorecard"]): r for r in base.result.results}
    after = {(r["entity"], r["scorecard"]): r for r in head.result.results}
    base_levels, head_levels = _levels_of(base.result), _levels_of(head.result)
    entities = []
    for old_ref, new_ref in pair_entities(base.entities, head.entities, renames):
        ids = sorted({sc for (ref, sc) in before if ref == old_ref}
                     | {sc for (ref, sc) in after if ref == new_ref})
        changes = [compare_records(before.get((old_ref, sc)), after.get((new_ref, sc)),
                                   head_levels.get(sc, []), base_levels.get(sc, []))
                   for sc in ids]
        kind = ("added" if old_ref is None else "removed" if new_ref is None
                else "renamed" if old_ref != new_ref else "kept")
        entity = head.entities.get(new_ref or "") or base.entities[old_ref or ""]
        entities.append({"entity": new_ref or old_ref, "previous": old_ref if kind == "renamed"
                         else None, "change": kind, "source": entity.display,
                         "scorecards": changes})
    return {"version": RESULT_VERSION,
            "base": {"ref": base.ref, "commit": base.commit},
            "head": {"ref": head.ref, "commit": head.commit},
            "entities": entities,
            "scorecards": _definition_changes(base.result.scorecards, head.result.scorecards),
            "summary": _summary(entities)}


def _summary(entities: list[dict]) -> dict:
    rows = [row for entity in entities for row in entity["scorecards"]]
    count = {kind: sum(1 for e in entities if e["change"] == kind)
             for kind in ("added", "removed", "renamed")}
    summary = {
        "raised": sum(1 for r in rows if r["change"] == "raised"),
        "lowered": sum(1 for r in rows if r["change"] == "lowered"),
        "newlyFailing": sum(len(r["newlyFailing"]) for r in rows),
        "newlyPassing": sum(len(r["newlyPassing"]) for r in rows),
        "entitiesAdded": count["added"], "entitiesRemoved": count["removed"],
        "entitiesRenamed": count["renamed"],
    }
    summary["regression"] = bool(summary["lowered"] or summary["newlyFailing"])
    return summary


def run_diff(options: CheckOptions, base: str, head: str | None) -> DiffResult:
    """Evaluate at ``base`` and at ``head`` (None: the working tree) and compare."""
    root = find_repo_root(options.cwd, {})
    if root is None:
        raise UsageError("scorecard diff reads two commits: run it inside a git repository")
    repo = open_repo(root)
    base_side = _side(options, root, repo, base)
    head_side = _side(options, root, repo, head)
    renames = _renames(repo, root, options.cwd, base_side.commit or base, head_side.commit)
    document = compare(base_side, head_side, renames)
    return DiffResult(document, base_side.result.diagnostics, head_side.result.diagnostics)
