"""Working-day calendar (法定工作日历): loading a year's schedule, reading it, computing deadlines."""
