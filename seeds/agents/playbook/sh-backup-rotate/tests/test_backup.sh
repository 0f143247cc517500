#!/usr/bin/env bash
# Tests for backup.sh; run from the workspace root: bash tests/test_backup.sh
set -euo pipefail

script="$(cd "$(dirname "$0")/.." && pwd)/backup.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

check() {
    local name="$1"; shift
    if "$@"; then
        echo "ok   - $name"
    else
        echo "FAIL - $name"
        failures=$((failures + 1))
    fi
}

count_archives() { find "$1" -maxdepth 1 -name 'backup-*.tar.gz' | wc -l; }

mkdir -p "$tmp/my src/sub"
echo hello > "$tmp/my src/hello.txt"
echo nested > "$tmp/my src/sub/nested.txt"

# 1. creates DEST and one archive with the source files (paths with spaces)
bash "$script" "$tmp/my src" "$tmp/my dest" > /dev/null
check "one archive created" test "$(count_archives "$tmp/my dest")" -eq 1
check "archive lists the files" bash -c 'tar -tzf "$1"/backup-*.tar.gz | grep -q "sub/nested.txt"' _ "$tmp/my dest"

# 2. rotation keeps the N newest archives and leaves other files alone
mkdir -p "$tmp/rot"
for i in 1 2 3 4; do touch "$tmp/rot/backup-20200101-00000$i.tar.gz"; done
touch "$tmp/rot/keep-me.txt"
bash "$script" --keep 2 "$tmp/my src" "$tmp/rot" > /dev/null
check "rotation keeps 2 archives" test "$(count_archives "$tmp/rot")" -eq 2
check "newest old archive kept" test -e "$tmp/rot/backup-20200101-000004.tar.gz"
check "oldest archive deleted" test ! -e "$tmp/rot/backup-20200101-000001.tar.gz"
check "other files untouched" test -e "$tmp/rot/keep-me.txt"

# 3. dry-run changes nothing and reports the actions
mkdir -p "$tmp/dry"
for i in 1 2 3; do touch "$tmp/dry/backup-20200101-00000$i.tar.gz"; done
out="$(bash "$script" --dry-run --keep 1 "$tmp/my src" "$tmp/dry")"
check "dry-run creates nothing" test "$(count_archives "$tmp/dry")" -eq 3
check "dry-run reports deletions" grep -q '^DRY-RUN: rm .*backup-20200101-000001' <<< "$out"
check "dry-run reports the archive" grep -q '^DRY-RUN: tar ' <<< "$out"
bash "$script" --dry-run "$tmp/my src" "$tmp/not-created" > /dev/null
check "dry-run does not create DEST" test ! -e "$tmp/not-created"

# 4. a missing source is an error with status 2
status=0
bash "$script" "$tmp/nope" "$tmp/out" 2> /dev/null || status=$?
check "missing source exits 2" test "$status" -eq 2
check "missing source creates nothing" test ! -e "$tmp/out"

if [[ $failures -gt 0 ]]; then
    echo "$failures test(s) failed"
    exit 1
fi
echo "all tests passed"
