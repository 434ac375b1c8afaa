"""What the book shows beyond the terminal: figures of saved runs, the HTML report, the lessons' own
tables and figures (``extras``).

    optbook report reference/0013 --html report.html
"""
