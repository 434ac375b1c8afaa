"""The lesson's own tables beside the times: compression ratios and the lossy filter's error, read
from a saved run (the same tables as ``python -m lessons.m06_data_access._extras ... --lesson m10_storage``).

    python -m lessons.m10_storage._extras results/reference/NNNN_*.json
"""

from __future__ import annotations

import sys

from lessons.m06_data_access._extras import fields_table
from optbook.present.extras import main

PAGE = [
    fields_table("m10_storage", "compress", ["ratio"], "Compression ratios"),
    fields_table(
        "m10_storage",
        "filters",
        ["ratio", "ratio_lossless_bitshuffle", "max_relative_error", "error_bound"],
        "Filters and their error",
    ),
    fields_table("m10_storage", "lossy", ["file_bytes", "ratio", "max_relative_error", "error_bound"], "Lossy storage"),
]


if __name__ == "__main__":
    sys.exit(main(PAGE, prog="python -m lessons.m10_storage._extras"))
