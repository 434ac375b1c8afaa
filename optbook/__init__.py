"""optbook: the harness of the Python code-optimisation lesson book.

A small pytest plugin on top of pytest-benchmark (``optbook.plugin``), the
helpers lessons use (``optbook.lesson``), and the ``optbook`` command
(``optbook.cli``) that compares saved runs across machines.
"""

__version__ = "0.1.0"
