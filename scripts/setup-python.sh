#!/usr/bin/env bash
# Makes .venv, the Python the tests run (SQLAlchemy, Alembic, psycopg2, SQLModel, pycodestyle and
# pyflakes for the generated Python), unless it
# already imports them. pip reads this machine's configuration (a local wheel mirror where
# there is one); when pip cannot install, Debian's packages are the fallback (needs root) and
# .venv is made over the system's site-packages.
set -uo pipefail
cd "$(dirname "$0")/.."
req=test/python-requirements.txt
probe='import sqlalchemy, alembic, psycopg2, sqlmodel, pycodestyle, pyflakes'
if [ -x .venv/bin/python ] && .venv/bin/python -c "$probe" 2>/dev/null; then exit 0; fi
python3 -m venv .venv || exit 1
# A local simple index, when this machine has one, avoids pip's retries of an unreachable PyPI.
index=()
if [ -d /opt/pypi/simple ]; then index=(--index-url file:///opt/pypi/simple); fi
if .venv/bin/pip install -q --disable-pip-version-check "${index[@]}" -r "$req" && .venv/bin/python -c "$probe"; then exit 0; fi
echo "pip could not install $req: trying Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q && apt-get install -y -q python3-venv python3-sqlalchemy python3-alembic python3-psycopg2 python3-pydantic python3-pycodestyle python3-pyflakes alembic || exit 1
rm -rf .venv && python3 -m venv --system-site-packages .venv || exit 1
.venv/bin/pip install -q --disable-pip-version-check --no-deps "${index[@]}" sqlmodel 2>/dev/null || true
.venv/bin/python -c 'import sqlalchemy, alembic, psycopg2' || exit 1
