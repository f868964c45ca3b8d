"""The next-level plan as text: under each (entity, scorecard), one block per step up."""

from __future__ import annotations

from scorecard_cli.reporters.text import describe_fix, visible


def _shown(value: object) -> str:
    return visible(value, one_line=True)


def _step_title(step: dict) -> str:
    title = f"to reach {_shown(step['level'])}"
    if step["alsoReaches"]:
        names = ", ".join(_shown(name) for name in step["alsoReaches"])
        verb = "holds" if len(step["alsoReaches"]) == 1 else "hold"
        title += f" (and {names}, which {verb} no rules: reached with it)"
    count = len(step["rules"])
    if not count:
        return f"{title}: its own rules pass: reached once the steps above are done"
    return f"{title}: fix {count} rule{'s' if count != 1 else ''}"


def plan_lines(plan: dict) -> list[str]:
    """The lines of one (entity, scorecard) plan, its heading first."""
    level = _shown(plan["level"] or "no level")
    lines = [f"{_shown(plan['entity'])}  {_shown(plan['scorecard'])}  now: {level}"]
    if not plan["steps"]:
        if plan["unreachable"]:
            names = ", ".join(_shown(n) for n in plan["unreachable"])
            lines.append(f"  at the highest level it can reach ({names}: no rules, never "
                         "reached)")
        else:
            lines.append("  at the top level: nothing to do")
        return lines
    for step in plan["steps"]:
        lines.append(f"  {_step_title(step)}")
        for rule in step["rules"]:
            details = (f"could not be evaluated: {rule['error']}" if rule["error"]
                       else rule["details"])
            lines.append(f"    ✗ {_shown(rule['id'])}  {_shown(details)}")
            if rule["fix"]:
                lines.append(f"        fix: {_shown(describe_fix(rule['fix']))}")
    if plan["moreSteps"]:
        lines.append(f"  ... {plan['moreSteps']} more level{'s' if plan['moreSteps'] != 1 else ''}"
                     " above (--all shows them)")
    return lines


def render_plan(plans: list[dict]) -> str:
    """Every plan as text, a blank line between them."""
    if not plans:
        return "no entity was evaluated: nothing to plan\n"
    return "\n".join("\n".join(plan_lines(plan)) + "\n" for plan in plans)


def plan_section(plans: list[dict]) -> str:
    """The ``check --plan`` section appended to the table: only plans with steps."""
    shown = [plan for plan in plans if plan["steps"]]
    body = render_plan(shown) if shown else "every entity is at the top level it can reach\n"
    return "\nNext-level plan\n\n" + body
