#!/bin/bash
# backup script

SRC=$1
DEST=$2
KEEP=5

for arg in "$@"; do
    if [ $arg == "--keep" ]; then
        KEEP=$3
    fi
    if [ $arg == "--dry-run" ]; then
        DRY=1
    fi
done

mkdir -p $DEST
tar -czf $DEST/backup-$(date +%Y%m%d).tar.gz $SRC

# delete old backups
ls -t $DEST/backup-*.tar.gz | tail -n +$KEEP | xargs rm -f

echo "Backup complete"
