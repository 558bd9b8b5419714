"""Application glue of the orientation assistant: CLI, supervisor, web front, privacy filter.

Kept import-light: the same package is used by the Rasa environment (.venv) and
by the web-front environment (.venv-web).
"""
