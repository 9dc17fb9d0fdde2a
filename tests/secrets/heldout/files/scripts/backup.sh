#!/bin/sh
# Nightly logical backups.
set -eu
STAMP=$(date +%Y%m%d)

mysqldump -h mysql.internal -u backup -p'0gKXGoRWYNcQh4ZEg.TB' --single-transaction freight_reports > "/backup/reports-$STAMP.sql"

mongodump --uri="mongodb+srv://backup:WfWt0x9Ly1.ZqbtBUIqz.0UQ@cluster0.q7x2k.mongodb.net/tracking?retryWrites=true&w=majority" --archive="/backup/tracking-$STAMP.gz" --gzip

export PGPASSWORD="$(cat /run/secrets/pg_backup_password)"
pg_dump -h pg-primary.internal -U backup freight > "/backup/freight-$STAMP.sql"
