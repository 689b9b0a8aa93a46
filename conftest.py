"""pytest's collection for the whole repository: the doctests of modules that need an
optional library are not collected where it is missing (their tests in tests/ skip
with the reason)."""

import importlib.util

collect_ignore = [] if importlib.util.find_spec("torch") else ["src/neuronkit/torch.py"]
