"""The configurable thresholds of the quality gates (ingest/quality_rules.yml or $STO_QUALITY_RULES)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml

DEFAULT_RULES = Path(__file__).with_name("quality_rules.yml")


@cache
def _load(path: str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def quality_rules() -> dict:
    """The default rules, with a user file (STO_QUALITY_RULES) merged over them section by section."""
    rules = {k: dict(v) for k, v in _load(str(DEFAULT_RULES)).items()}
    override = os.environ.get("STO_QUALITY_RULES")
    if override:
        for section, values in _load(override).items():
            rules.setdefault(section, {}).update(values or {})
    return rules
