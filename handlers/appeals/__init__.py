"""«Обращения»: appeals to the operator's service centre and their threads in chat."""
