"""The Python code is ruff clean (lint and format), so style never drifts."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [p for p in ("ingest", "orchestration", "tests", "bench", "tools") if (ROOT / p).exists()]


def test_ruff_check():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", *TARGETS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *TARGETS], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
