"""Fixtures and helpers shared by convlab's tests."""

from __future__ import annotations

import os

import pytest


def require_torch():
    """Import torch, or skip — unless CI demands the parity tests (CONVLAB_REQUIRE_TORCH=1)."""
    if os.environ.get("CONVLAB_REQUIRE_TORCH") == "1":
        import torch

        return torch
    return pytest.importorskip("torch")
