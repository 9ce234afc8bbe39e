"""«История действий»: who did what, when, to which numbers — filtered, paged, exported."""
