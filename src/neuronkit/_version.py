"""The package's version (one place: ``neuronkit.__version__`` and ``show_config`` read it;
``pyproject.toml`` states the same number, which tests/test_config.py checks)."""

__version__ = "0.1.0"
