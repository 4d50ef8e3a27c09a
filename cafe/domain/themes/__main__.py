"""`python -m cafe.domain.themes`: the command line."""
import sys

from cafe.domain.themes.cli import main

sys.exit(main())
