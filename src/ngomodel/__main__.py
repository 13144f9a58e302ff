"""Run the ``ngomodel`` command line: ``python -m ngomodel``."""

import sys

from ngomodel.cli import main

sys.exit(main())
