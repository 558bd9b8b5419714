"""Rasa's command line with ``bot.rasa_plugins.speedups`` installed first.

``python -m bot.rasa_plugins.run run --model …`` behaves as ``rasa run --model …`` (same arguments, same
server), minus the per-turn waste removed by :mod:`bot.rasa_plugins.speedups`, and warm
(:mod:`bot.rasa_plugins.warm_start`) before it listens. The supervisor and the
systemd units of ``deploy/`` start the Rasa servers this way.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Install the speed-ups, then hand ``sys.argv`` to Rasa's own entry point."""
    from bot.rasa_plugins import speedups, warm_start

    speedups.install()
    warm_start.install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
