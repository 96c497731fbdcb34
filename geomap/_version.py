"""The package version (kept apart so that modules can read it without import cycles)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
