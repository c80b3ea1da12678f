"""ORM classes only: no commits, no Flask imports beyond the shared ``db`` metadata."""

from etp_app.models.audit import AuditLog
from etp_app.models.backup import BACKUP_STATUSES, Backup
from etp_app.models.etp import ETP_STATUSES, NIVEIS_RISCO, SECTION_STATUSES, TEMPLATE_TYPES, Etp, Section
from etp_app.models.export import EXPORT_FORMATS, EXPORT_STATUSES, Export
from etp_app.models.job import JOB_KINDS, JOB_STATES, TERMINAL_JOB_STATES, Job
from etp_app.models.mail import MAIL_DELIVERY_CHANNELS, MailOutbox
from etp_app.models.membership import (
    GRANTABLE_ROLES,
    INVITATION_STATUSES,
    JOIN_REQUEST_STATUSES,
    Invitation,
    JoinRequest,
)
from etp_app.models.organization_admin import (
    ORGANIZATION_REQUEST_STATUSES,
    EmailVerificationToken,
    OrganizationDomain,
    OrganizationRequest,
)
from etp_app.models.session import AuthSession
from etp_app.models.throttle import THROTTLE_KINDS, LoginThrottle
from etp_app.models.user import ROLES, Organization, PasswordResetToken, User
from etp_app.models.version import VERSION_REASONS, EtpVersion

__all__ = [
    "AuditLog",
    "AuthSession",
    "BACKUP_STATUSES",
    "Backup",
    "EXPORT_FORMATS",
    "EXPORT_STATUSES",
    "Export",
    "ETP_STATUSES",
    "EmailVerificationToken",
    "Etp",
    "EtpVersion",
    "GRANTABLE_ROLES",
    "INVITATION_STATUSES",
    "Invitation",
    "JOIN_REQUEST_STATUSES",
    "JOB_KINDS",
    "JOB_STATES",
    "Job",
    "JoinRequest",
    "LoginThrottle",
    "MAIL_DELIVERY_CHANNELS",
    "MailOutbox",
    "NIVEIS_RISCO",
    "ORGANIZATION_REQUEST_STATUSES",
    "Organization",
    "OrganizationDomain",
    "OrganizationRequest",
    "PasswordResetToken",
    "ROLES",
    "SECTION_STATUSES",
    "Section",
    "TEMPLATE_TYPES",
    "TERMINAL_JOB_STATES",
    "THROTTLE_KINDS",
    "User",
    "VERSION_REASONS",
]
