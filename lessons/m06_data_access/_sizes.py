"""The lesson's sizes per scale.

Kept out of conftest.py on purpose: pytest imports the conftest of the folder it is given before
it reads --scale, so sizes computed there would always be those of the default scale. The test
modules (imported after the options are read) and the fixtures (run later still) import them here.
"""

from __future__ import annotations

from optbook.lesson import by_scale

# rows of the lesson's table (about 80 bytes a row as CSV)
ROWS = by_scale(tiny=2_000, small=1_000_000, medium=5_000_000, large=20_000_000)
# rows of the Excel workbook: writing .xlsx with openpyxl takes about 0.2 s per thousand rows
EXCEL_ROWS = by_scale(tiny=200, small=10_000, medium=50_000, large=200_000)
# the dataset split into this many CSV files for the parallel readers
PARTS = by_scale(tiny=4, small=16, medium=32, large=64)
