"""GraphQL surface of the task ledger (台账): plans, tasks, milestones, progress reports."""
