"""Errors about input files, reported to users as one line naming file, line, column and rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place in one file. Line numbers are 1-based file lines (header = 1)."""

    file: str
    rule: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        text = f"{where}: {self.rule}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
            text += f" (found {shown!r})"
        return text


class InputFileError(Exception):
    """A file that cannot be loaded. str() is the one-line message shown to users."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("InputFileError needs at least one problem")
        self.problems = problems
        first = str(problems[0])
        more = len(problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""))

    @classmethod
    def one(
        cls, file: str, rule: str, line: int | None = None, column: str | None = None, value: str | None = None
    ) -> InputFileError:
        return cls([Problem(file=file, rule=rule, line=line, column=column, value=value)])


def raise_problems(problems: list[Problem], limit: int = 20) -> None:
    """Raise the first ``limit`` problems in file order, when there are any."""
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise InputFileError(problems[:limit])


class IngestFailed(Exception):
    """One or more files of a refresh could not be loaded; their partitions were left as they were."""

    def __init__(self, errors: list[InputFileError]):
        self.errors = errors
        lines = [str(e) for e in errors]
        super().__init__("; ".join(lines))
