"""The assignment solver the constructive start needs, without importing all of scipy.optimize.

Every plan maps lines to tables and people to seats with scipy's ``linear_sum_assignment``.
``import scipy.optimize`` runs the package's ``__init__``, which imports its whole toolbox
(linprog, shgo, scipy.linalg, scipy.special, scipy.fft ...): about a second of start-up, most of
what ``python -m cafe.domain.rotation`` spent before it planned.  The solver itself is a C
extension module, ``scipy/optimize/_lsap``, that needs only numpy; here it is loaded from its
file.  Python keeps a single-phase extension module once per file, so a later
``import scipy.optimize`` hands out this very function (tests/domain/test_rotation.py checks it).

Whenever the file is not where this scipy keeps it, or it fails to load, the public import is
used instead: slower to start, same results.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path


def _load_linear_sum_assignment():
    try:
        import scipy

        folder = Path(scipy.__file__).parent / "optimize"
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / f"_lsap{suffix}"
            if path.is_file():
                loader = importlib.machinery.ExtensionFileLoader("scipy.optimize._lsap", str(path))
                spec = importlib.util.spec_from_file_location("scipy.optimize._lsap", path, loader=loader)
                module = importlib.util.module_from_spec(spec)
                loader.exec_module(module)
                return module.linear_sum_assignment
    except (ImportError, OSError, AttributeError):
        pass
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment


linear_sum_assignment = _load_linear_sum_assignment()
