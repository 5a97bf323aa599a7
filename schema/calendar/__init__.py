"""GraphQL surface of the working-day calendar (法定工作日历) and deadlines."""
