"""Settings for ETP Express, read from the environment inside functions (never at import)."""

from config.settings import ConfigError, get_config

__all__ = ["ConfigError", "get_config"]
