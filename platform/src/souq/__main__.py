"""``python -m souq``: the same as the ``souq`` command."""

from souq.cli import main

main()
