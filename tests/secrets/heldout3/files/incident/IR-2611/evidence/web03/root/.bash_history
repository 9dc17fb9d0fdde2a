uptime
docker ps --format '{{.Names}} {{.Status}}'
export AWS_ACCESS_KEY_ID=AKIAUAAOL5BLKAYLZ5I2
export AWS_SECRET_ACCESS_KEY=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
aws sts get-caller-identity
aws s3 ls s3://corp-billing-exports/ --recursive | tail
export AWS_SECRET_ACCESS_KEY=$(aws configure get aws_secret_access_key --profile billing-prod)
cd /srv && git clone https://x-access-token:ghs_JsaF078wQYjluobgYNHn0oSTTzbLj5407Muo@github.com/corp/billing-api.git
cd billing-api && git log --oneline -5
psql "postgresql://app_rw:8YuG2OBBcQ6F.NRUwwu4GQE1@db01.internal:5432/billing?sslmode=require" -c 'select count(*) from invoices'
mysql -h db02.internal -u root -p
redis-cli -h cache01.internal -p 6379 -a '37GVUZ9dWjT_GgM4td82i1' --no-auth-warning INFO keyspace
journalctl -u billing-api --since '1 hour ago' | grep -i error
