"""«💰 Бюджет»: monthly limits and the company\x27s write-off rules."""
