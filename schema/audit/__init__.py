"""GraphQL surface of the audit trail (审计日志)."""
