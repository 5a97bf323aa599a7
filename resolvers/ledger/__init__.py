"""The task ledger (台账): plans, tasks, milestones, progress; queries, actions, loaders, import/export."""
