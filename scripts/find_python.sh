#!/usr/bin/env bash
# Prints the path of a Python interpreter of the wanted minor version (e.g. 3.10),
# looking at $PYTHON<major><minor>, python3.X on PATH, then pyenv's versions.
# Exits 1 with a clear message when none is found.
set -u
want="$1"                       # e.g. 3.10
var="PYTHON${want/./}"          # e.g. PYTHON310
candidates=("${!var:-}" "$(command -v "python$want" 2>/dev/null || true)")
pyenv_root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
for d in "$pyenv_root"/versions/"$want".*; do
  [ -x "$d/bin/python" ] && candidates+=("$d/bin/python")
done
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  if "$c" -c "import sys, venv; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" 2>/dev/null; then
    echo "$c"; exit 0
  fi
done
echo "No Python $want found. Install it (e.g. 'pyenv install $want') or set $var=/path/to/python$want." >&2
exit 1
