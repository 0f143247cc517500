#!/bin/bash
# Simple backup script with rotation.
set -euo pipefail

KEEP=5
DRY_RUN=0

usage() {
    echo "Usage: $0 [--dry-run] [--keep N] SRC DEST"
    echo "  --dry-run   show what would be done"
    echo "  --keep N    number of backups to keep (default 5)"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) DRY_RUN=1; shift ;;
        --keep) KEEP="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) break ;;
    esac
done

if [ $# -ne 2 ]; then
    usage
    exit 1
fi

SRC="$1"
DEST="$2"

if [ ! -d "$SRC" ]; then
    echo "Error: $SRC is not a directory" >&2
    exit 1
fi

mkdir -p "$DEST"

NAME="backup-$(date +%Y%m%d-%H%M%S).tar.gz"

if [ "$DRY_RUN" -eq 1 ]; then
    echo "DRY-RUN: would create $DEST/$NAME"
else
    tar -czf "$DEST/$NAME" -C "$SRC" .
    echo "Created $DEST/$NAME"
fi

# remove old backups, keeping the newest $KEEP (names sort by date)
ls "$DEST"/backup-*.tar.gz | sort | head -n -"$KEEP" | while read -r old; do
    echo "Removing $old"
    rm -f "$old"
done
