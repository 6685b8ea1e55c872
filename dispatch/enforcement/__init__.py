"""Deadline enforcement: the sweep that records each running clock's warning and breach once, marks
the assignment overdue and tells the people who must act."""
