"""``--format markdown``: a summary for PR comments and ``$GITHUB_STEP_SUMMARY`` that fits
where it is posted.

GitHub refuses a PR comment over 65,536 characters and drops a step summary over 1 MiB
whole, so the report is built within a byte budget (``--markdown-budget``, default
65,536), the most important parts first: the counts and the gate's verdict, the level
distribution (a table and a Mermaid chart per scorecard), input errors, the evaluations
below their gate, the rules failing most, then a collapsed ``<details>`` per entity with
failing rules, every evaluation, and warnings, until the budget is reached. What does
not fit is counted in a closing note. Every piece of text from the input is escaped, so
a ``|`` or ``*`` in a title cannot break a table or the emphasis (GitHub-flavoured
Markdown: tables, ``$`` math; HTML-escaped inside ``<details>`` summaries).
"""

from __future__ import annotations

import re

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.text import summary_line, visible

HEADING = "## Scorecard results"
# The ASCII punctuation that can start inline markup in GFM once inside a line
# ('(' and '!' only matter after an escaped '[' ); '$' starts math on GitHub.
_SPECIALS = re.compile(r"([\\`*_\[\]<>|~&$])")
_SPACE = re.compile(r"\s+")
NOTE_RESERVE = 512  # bytes kept for the closing note on what did not fit


def text(value: object) -> str:
    """Plain text safe inline and in a table cell: one line, specials and control
    characters escaped."""
    return _SPECIALS.sub(r"\\\1", visible(_SPACE.sub(" ", str(value)).strip()))


def code(value: object) -> str:
    """A code span holding ``value`` verbatim (pipes escaped for table cells; control
    characters escaped, as they are not text)."""
    one_line = visible(_SPACE.sub(" ", str(value)).strip())
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line.replace('|', chr(92) + '|')}{pad}{fence}"


def size_of(text: str) -> int:
    """Bytes ``text`` takes once written: UTF-8, an undecodable file-name byte (a lone
    surrogate) counted as the escape it becomes, or longer."""
    return len(text.encode("utf-8", "backslashreplace"))


class Budget:
    """Blocks of the document and the bytes they take (UTF-8, with the blank lines
    between them), within a limit."""

    def __init__(self, limit: int):
        self.limit = limit
        self.blocks: list[str] = []
        self.used = 0
        self.left_out: list[str] = []  # sentences for the closing note

    def room(self) -> int:
        """Bytes a further block may take, the closing note's reserve kept."""
        return self.limit - self.used - NOTE_RESERVE - 2

    def add(self, block: str) -> bool:
        """Append ``block`` when it fits; say whether it did."""
        size = size_of(block) + 2
        if self.used + size > self.limit - NOTE_RESERVE:
            return False
        self.blocks.append(block)
        self.used += size
        return True

    def document(self) -> str:
        """The blocks, and the note on what was left out, ending with a newline."""
        blocks = list(self.blocks)
        items = list(self.left_out)
        while items:
            note = (f"*Not shown, to keep this report within {self.limit:,} bytes "
                    f"(`--markdown-budget`): {'; '.join(items)}. The JSON, SARIF "
                    "and JUnit reports list every finding.*")
            if size_of(note) <= NOTE_RESERVE or len(items) == 1:
                blocks.append(note)
                break
            items = [*items[:-2], "more"]
        return "\n\n".join(blocks) + "\n"


def render(result: RunResult, options: RenderOptions) -> str:
    """The Markdown summary within ``options.markdown_budget`` bytes, ending with a
    newline."""
    from scorecard_cli.reporters import markdown_parts as parts

    budget = Budget(options.markdown_budget)
    budget.add(HEADING)
    budget.add(f"{text(summary_line(result))}\\\n{parts.verdict(result)}")
    if not result.results:
        budget.add("No entity was evaluated.")
    else:
        parts.levels(result, budget)
    parts.input_errors(result, budget)
    if result.results:
        top = parts.top_rules(result)
        parts.below_gate(result, budget, reserve=size_of(top) + 2)
        if top:
            budget.add(top)
        parts.entity_details(result, budget)
        parts.every_evaluation(result, budget)
    parts.notices(result, budget)
    return budget.document()
