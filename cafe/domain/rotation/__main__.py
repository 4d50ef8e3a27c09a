"""`python -m cafe.domain.rotation`: the command line."""
import sys

from cafe.domain.rotation.planner import main

sys.exit(main())
