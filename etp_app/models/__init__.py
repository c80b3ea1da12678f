"""ORM classes only: no commits, no Flask imports beyond the shared ``db`` metadata."""

from etp_app.models.audit import AuditLog
from etp_app.models.backup import BACKUP_STATUSES, Backup
from etp_app.models.etp import ETP_STATUSES, NIVEIS_RISCO, SECTION_STATUSES, TEMPLATE_TYPES, Etp, Section
from etp_app.models.export import EXPORT_FORMATS, EXPORT_STATUSES, Export
from etp_app.models.job import JOB_KINDS, JOB_STATES, TERMINAL_JOB_STATES, Job
from etp_app.models.user import ROLES, Organization, PasswordResetToken, User
from etp_app.models.version import VERSION_REASONS, EtpVersion

__all__ = [
    "AuditLog",
    "BACKUP_STATUSES",
    "Backup",
    "EXPORT_FORMATS",
    "EXPORT_STATUSES",
    "Export",
    "ETP_STATUSES",
    "Etp",
    "EtpVersion",
    "JOB_KINDS",
    "JOB_STATES",
    "Job",
    "NIVEIS_RISCO",
    "Organization",
    "PasswordResetToken",
    "ROLES",
    "SECTION_STATUSES",
    "Section",
    "TEMPLATE_TYPES",
    "TERMINAL_JOB_STATES",
    "User",
    "VERSION_REASONS",
]
