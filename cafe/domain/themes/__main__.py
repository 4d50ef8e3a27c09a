"""`python -m cafe.domain.themes`: the command line."""
import sys

from cafe.domain.themes.pipeline import main

sys.exit(main())
