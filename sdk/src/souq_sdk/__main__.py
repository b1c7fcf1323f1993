"""``python -m souq_sdk`` is the ``souq-sdk`` command."""

import sys

from souq_sdk.cli import main

sys.exit(main())
