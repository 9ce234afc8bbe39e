"""Editing the department tree: opened from «🏢 Иерархия» on a department or at the top."""
