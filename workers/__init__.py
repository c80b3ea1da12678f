"""The Celery side: thin tasks that call services with ids."""

from workers import signals  # noqa: F401
from workers.tasks import (
    drafting,  # noqa: F401
    exports,  # noqa: F401
    mail,  # noqa: F401
    maintenance,  # noqa: F401
)
