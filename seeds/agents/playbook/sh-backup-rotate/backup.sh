#!/usr/bin/env bash
# backup.sh - archive a directory into timestamped tarballs and keep only the newest ones.
#
#   bash backup.sh [--dry-run] [--keep N] SRC DEST
#
# Creates DEST/backup-YYYYmmdd-HHMMSS.tar.gz from SRC, then deletes the oldest
# backup-*.tar.gz archives in DEST so that only the N newest remain.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: backup.sh [--dry-run] [--keep N] SRC DEST

Archive the directory SRC into DEST/backup-YYYYmmdd-HHMMSS.tar.gz and keep
only the N most recent backup archives in DEST.

Options:
  --keep N    number of archives to keep, including the new one (default: 5)
  --dry-run   print the actions (lines starting with DRY-RUN:) without doing them
  -h, --help  show this help and exit

Exit status: 0 on success, 2 on usage errors or when SRC is not a directory.
USAGE
}

die() {
    echo "backup.sh: $*" >&2
    exit 2
}

keep=5
dry_run=false
positional=()

while [[ $# -gt 0 ]]; do
    case "$1" in
        --dry-run) dry_run=true; shift ;;
        --keep)
            [[ $# -ge 2 ]] || die "--keep needs a value"
            keep="$2"; shift 2 ;;
        --keep=*) keep="${1#--keep=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; positional+=("$@"); break ;;
        -*) die "unknown option: $1 (see --help)" ;;
        *) positional+=("$1"); shift ;;
    esac
done

[[ ${#positional[@]} -eq 2 ]] || { usage >&2; exit 2; }
src="${positional[0]}"
dest="${positional[1]}"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "--keep must be a positive integer, got '$keep'"
[[ -d "$src" ]] || die "source '$src' is not a directory"

archive="$dest/backup-$(date +%Y%m%d-%H%M%S).tar.gz"

# Run a command, or only describe it in dry-run mode.
run() {
    if $dry_run; then
        echo "DRY-RUN: $*"
    else
        "$@"
    fi
}

if [[ ! -d "$dest" ]]; then
    run mkdir -p "$dest"
fi
[[ -e "$archive" ]] && die "archive '$archive' already exists"
run tar -czf "$archive" -C "$src" .
$dry_run || echo "created $archive"

# Rotation: archive names embed their timestamp, so sorting by name sorts by age.
# Consider the existing archives plus the new one and delete all but the newest $keep.
shopt -s nullglob
archives=("$dest"/backup-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].tar.gz)
shopt -u nullglob
if $dry_run; then
    archives+=("$archive")
fi
mapfile -t sorted < <(printf '%s\n' "${archives[@]}" | sort)
excess=$(( ${#sorted[@]} - keep ))
for (( i = 0; i < excess; i++ )); do
    run rm -f -- "${sorted[i]}"
    $dry_run || echo "deleted ${sorted[i]}"
done
