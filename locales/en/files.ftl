# Refusals of a hostile or oversized file: one sentence each, the selection stays as it was.
load-problem-too-many-columns = The file has rows wider than { $limit } columns, which the bot can't read. Keep only the columns you need and send it again. The selection has not changed.
load-problem-too-many-cells = The file has more than { $limit } cells — too many for one selection. Split it into parts. The selection has not changed.
load-problem-too-large = Unpacked, the file is larger than { $mb } MB, which the bot can't read. Keep only the rows and columns you need. The selection has not changed.
load-problem-line-too-long = The file has a line longer than { $limit } characters: it doesn't look like a list of numbers. The selection has not changed.
load-problem-too-slow = The file couldn't be read within { $seconds } s — it is too complex. Save just the column you need and send it again. The selection has not changed.
