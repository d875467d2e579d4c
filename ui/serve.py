"""Start the app as `streamlit run` does, with Streamlit told up front that the app navigates with
``st.navigation``: ``python -m ui.serve app.py [streamlit options]``.

Streamlit serves a ``pages/`` folder beside the entry point as legacy multipage pages until some
session has called ``st.navigation`` (as its documentation of ``st.navigation`` says). Until then,
the first session's deep link (``/kart``, ``/import``, …) meets an English "Page not found" dialog.
This app always calls ``st.navigation``, so the launcher records that before the server starts.
``tests/test_browser_deep_link.py`` opens a deep link as a fresh server's first session.

It also makes the ``static/`` folder beside the entry point (served at ``/app/static/`` with
``server.enableStaticServing``), where the maps' shapes are written for browsers to fetch once.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli


def main() -> None:
    PagesManager.uses_pages_directory = False  # what the first st.navigation call would set
    if len(sys.argv) > 1 and Path(sys.argv[1]).is_file():
        with contextlib.suppress(OSError):  # not writable: the maps carry their shapes inline
            (Path(sys.argv[1]).resolve().parent / "static").mkdir(exist_ok=True)
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
