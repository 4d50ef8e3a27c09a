"""The harvest report: small-count suppression, CSV, fonts, chart and PDF (public names)."""
from cafe.domain.report.pdf import *  # noqa: F401,F403
