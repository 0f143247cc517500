#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: Debian's chromium (the HTML report is tested in a
# real browser), tmux (terminal UI tests), bubblewrap (the sandbox for untrusted commands), PostgreSQL
# (the run history's tests start a real server from its binaries), a git identity for tests that
# make commits, and the unprivileged user the sandbox tests run as.
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

# An unprivileged user for the sandbox escape tests (test/reliability/sandbox-escape.test.ts), which
# run devjudge's sandbox as root and as this user.
if [ "$(id -u)" = "0" ] && ! id devjudge-test >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin devjudge-test
fi

# A folder every sandbox shows (the system's /opt, read-only inside) where the history tests keep the
# flag their unstable check reads: a clone under /tmp cannot show its own test-artifacts folder.
if [ "$(id -u)" = "0" ]; then
  mkdir -p /opt/devjudge-test/history-flags
  chmod 1777 /opt/devjudge-test/history-flags
fi

if ! git config --global user.email >/dev/null 2>&1; then
  git config --global user.email "devjudge-tests@localhost"
  git config --global user.name "devjudge tests"
fi
