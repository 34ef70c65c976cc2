"""Keep the garbage collector's full passes short in a long-running process.

At start a process loads the taxonomy, the language models, the catalogs and the app
itself: hundreds of thousands of objects that live as long as it does. A full collection
walks every one of them; under load, in `bench/inbound.py`, each took 150-210 ms, and every
webhook answer in flight waited for it. Frozen once the start is over, they are left out
of every later pass (the collector still finds cycles among the objects made after).
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collect what the start left behind, then exempt the rest from later passes."""
    gc.collect()
    gc.freeze()
