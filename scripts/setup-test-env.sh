#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: Debian's chromium (the HTML report is tested in a
# real browser), tmux (terminal UI tests), bubblewrap (the sandbox for untrusted commands), PostgreSQL
# (the run history's tests start a real server from its binaries) and a git identity for tests that
# make commits.
# Runs before `npm test`; does nothing when everything is already there.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)

if ((${#need[@]})); then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-test-env: installing ${need[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup-test-env: missing ${need[*]}; install them (Debian: apt-get install ${need[*]}) or the tests that need them are skipped" >&2
  fi
fi

if ! git config --global user.email >/dev/null 2>&1; then
  git config --global user.email "devjudge-tests@localhost"
  git config --global user.name "devjudge tests"
fi
