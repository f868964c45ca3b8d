"""Levels before/after the SPEC §3 change, on every Port scorecard we have (fid-port note).

For each scorecard, every pass/fail pattern of its rules is graded by the old code
(a worktree of 83b17d7) and the new code: each rule is replaced by a flag rule at the
same level (rule i passes when property f<i> is true), so only the level rule differs.
Usage: python fid-port-levels.py OLD_CHECKOUT NEW_CHECKOUT PYTHON
"""
import itertools, json, os, subprocess, sys, tempfile, glob

old, new, python = sys.argv[1:4]
CORPUS = "/work/shared/corpus/port"
DEFAULT = ["Basic", "Bronze", "Silver", "Gold"]

def lv(*titles): return [{"title": t} for t in titles]
def rules(*levels): return [{"level": l} for l in levels]
# Port scorecards rebuilt from public facts (rule levels only; the conditions do not matter here)
BUILT = {
    "docs: example (2 Bronze, 4 Silver)": {"levels": lv("Basic", "Bronze", "Silver"),
                                           "rules": rules(*["Bronze"] * 2, *["Silver"] * 4)},
    "docs: quickstart Readme": {"rules": rules("Bronze")},
    "docs: Ownership (hasTeam Bronze, hasSlackChannel Silver)": {"rules": rules("Bronze", "Silver")},
    "tf: port_scorecard production-readiness": {"rules": rules("Gold")},
    "tf: port-skills production-readiness": {"levels": lv("Not ready", "Partially ready", "Ready"),
                                             "rules": rules("Ready", "Partially ready", "Partially ready")},
    "tf: scorecard_group production-readiness1": {"rules": rules("Gold", "Silver", "Bronze")},
    "tf: scorecard_group blueprint-specific (microservice)": {"rules": rules("Gold", "Silver")},
    "tf: scorecard_group blueprint-specific (database)": {"rules": rules("Gold", "Bronze")},
}

def corpus():
    for path in sorted(glob.glob(f"{CORPUS}/*scorecards.json")):
        for wrapper in json.load(open(path)):
            for sc in wrapper["data"]:
                yield f"corpus: {os.path.basename(path).split('__')[3]} {sc['identifier']}", sc

def levels_of(checkout, sc, patterns, work):
    flag = {"identifier": "sc", "title": "sc", "rules": [
        {"identifier": f"r{i}", "title": f"r{i}", "level": r["level"], "query": {
            "combinator": "and", "conditions": [{"property": f"f{i}", "operator": "=", "value": True}]}}
        for i, r in enumerate(sc["rules"])]}
    if sc.get("levels"):
        flag["levels"] = [{"title": l["title"]} for l in sc["levels"]]
    open(f"{work}/sc.json", "w").write(json.dumps(flag))
    open(f"{work}/e.json", "w").write(json.dumps([
        {"identifier": f"e{k:04d}", "properties": {f"f{i}": p for i, p in enumerate(pat)}}
        for k, pat in enumerate(patterns)]))
    out = subprocess.run([python, "-m", "scorecard_cli", "check", "e.json", "-s", "sc.json",
                          "--no-config", "-f", "json"], cwd=work, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": checkout})
    return {r["entity"]: r["level"] for r in json.loads(out.stdout)["results"]}

total = changed = 0
for name, sc in [*corpus(), *BUILT.items()]:
    patterns = list(itertools.product([True, False], repeat=len(sc["rules"])))
    with tempfile.TemporaryDirectory() as work:
        before = levels_of(old, sc, patterns, work)
        after = levels_of(new, sc, patterns, work)
    diff = sorted(k for k in before if before[k] != after[k])
    total += len(before); changed += len(diff)
    pairs = sorted({(before[k], after[k]) for k in diff})
    print(f"{name}: {len(diff)}/{len(before)} patterns change level"
          + (f" ({', '.join(f'{a}->{b}' for a, b in pairs)})" if pairs else ""))
print(f"all: {changed}/{total} patterns change level")
