"""pytest's collection for the whole repository: the doctests of modules that need an
optional library are not collected where it is missing (their tests in tests/ skip
with the reason)."""

import importlib.util


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # blocked or half-imported
        return False


collect_ignore = [] if _installed("torch") else ["src/neuronkit/torch.py"]
