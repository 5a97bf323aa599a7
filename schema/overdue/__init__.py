"""GraphQL surface of overdue flags (逾期)."""
