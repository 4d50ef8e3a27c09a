"""`python -m cafe.domain.rotation`: the command line."""
import sys

from cafe.domain.rotation.cli import main

sys.exit(main())
