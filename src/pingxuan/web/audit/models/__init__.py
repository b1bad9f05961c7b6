from pingxuan.web.audit.models.event import AppendOnlyError, AuditChainHead, AuditEvent

__all__ = ["AppendOnlyError", "AuditChainHead", "AuditEvent"]
