"""Plugins that Rasa loads by dotted name (Rasa server and action server, ``.venv``, Python 3.10).

- ``nlu/``: the pipeline's components (config.yml);
- ``ttl_tracker_store``, ``redis_tracker_store``: the tracker stores (endpoints.yml, ``bot.stores``), which
  feed the maintainers' inbox through ``inbox_feed``;
- ``log_privacy``: the log filter of ``bot/logging.yml`` (no conversation text in the logs).

They import only ``knowledge/`` and Rasa's own libraries (tests/knowledge/test_import_boundaries.py).
"""
