"""The audit trail (审计日志): appending to the hash chain, verifying it, reading it."""
