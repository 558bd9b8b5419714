"""Rasa's failure paths that log the user's text are masked."""

import io
import logging
import logging.config

import yaml

from bot.rasa_plugins import log_privacy


def test_quoted_text_and_exception_messages_are_masked():
    stream = io.StringIO()
    with open("bot/logging.yml", encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    logger = logging.getLogger("rasa.core.channels.rest")
    text = "je m'appelle Zoé Exemple, zoe@example.org"
    logger.error(f"An exception occurred while handling user message '{text}'.")
    try:
        raise ValueError(text)
    except ValueError:
        logger.exception("failure")
    logging.getLogger("rasa_sdk.executor").warning('Slot "%s" not found', "Zoé")
    output = stream.getvalue()
    assert "Zoé" not in output and "zoe@example.org" not in output
    assert "An exception occurred while handling user message" in output
    assert "[ValueError]" in output
    assert log_privacy.MASK in output


def test_other_libraries_are_left_alone():
    record = logging.LogRecord("urllib3", logging.WARNING, __file__, 1, "retry '%s'", ("x",), None)
    assert log_privacy.sanitise(record).getMessage() == "retry 'x'"
