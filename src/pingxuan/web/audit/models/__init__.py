from pingxuan.web.audit.models.event import AuditEvent

__all__ = ["AuditEvent"]
