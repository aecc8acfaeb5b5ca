"""Where the project folders that are not Python code (``ontology/``, ``queries/``) are found.

From a checkout (or an editable install) they sit beside the ``kg`` package; a wheel installs
them as data files under ``<prefix>/share/newskg/`` (see ``pyproject.toml``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_SHARE = Path(sys.prefix) / "share" / "newskg"


def project_dir(name: str) -> Path:
    """The folder ``name`` (``"ontology"`` or ``"queries"``); FileNotFoundError when neither place has it."""
    for root in (_CHECKOUT, _SHARE):
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(f"{name}/ is neither in {_CHECKOUT} nor in {_SHARE}; reinstall newskg")
