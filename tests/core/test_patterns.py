"""``core.patterns.check_pattern``: what it counts, and that it never fails otherwise."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard_cli.core.patterns import MAX_REPEAT, PatternError, check_pattern


@given(st.text(alphabet="a()[]{}\\,0123456789?*+|^:R&P<>g-=!#V", max_size=60))
def test_any_text_is_accepted_or_refused_with_a_pattern_error(pattern: str) -> None:
    try:
        check_pattern(pattern)
    except PatternError as exc:
        assert exc.message and 0 <= exc.position <= len(pattern)


@given(st.lists(st.integers(min_value=1, max_value=200), min_size=1, max_size=4),
       st.sampled_from(["(?:", "(", "(?P<n>", "(?i:"]))
def test_nested_counted_repeats_multiply(counts: list[int], opening: str) -> None:
    pattern = opening * len(counts) + "a" + "".join(f"){{{n}}}" for n in counts)
    if "P<n>" in opening and len(counts) > 1:
        pattern = pattern.replace("(?P<n>", "(", len(counts) - 1)  # one group of that name
    size = math.prod(counts)
    if size > MAX_REPEAT:
        with pytest.raises(PatternError, match="counted repeats"):
            check_pattern(pattern)
    else:
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", [
    r"\{99999\}",  # escaped braces are literal text
    r"[{99999}]",  # so are braces in a class
    r"[]{99999}]",  # ']' first in a class is a literal
    r"[[:alpha:]{99999}]",  # a POSIX class inside a class
    r"(?#{99999})a",  # a comment
    r"\p{L}+",  # the braces of an escape
    r"a{e<=1}",  # a fuzzy constraint, not a repeat
])
def test_braces_that_are_not_repeats(pattern: str) -> None:
    check_pattern(pattern)


@pytest.mark.parametrize("pattern", [
    "(?R)", "(?0)", "(?1)(a)", "(?+1)(a)", "(a)(?-1)", "(?P<n>a)(?&n)", "(?P<n>a)(?P>n)",
    r"(?P<n>a)\g<n>", "a|b(?R)?c",
])
def test_recursion_and_subroutine_calls(pattern: str) -> None:
    with pytest.raises(PatternError, match="recursion and subroutine calls"):
        check_pattern(pattern)
