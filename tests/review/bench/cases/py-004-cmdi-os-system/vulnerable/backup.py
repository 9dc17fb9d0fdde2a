import os
import json
import datetime

BACKUP_DIR = "/var/backups/db"


def load_job(path):
    with open(path) as fh:
        return json.load(fh)


def backup_database(dbname):
    stamp = datetime.datetime.utcnow().strftime("%Y%m%d%H%M%S")
    target = os.path.join(BACKUP_DIR, f"{stamp}.sql.gz")
    rc = os.system("pg_dump " + dbname + " | gzip > " + target)
    if rc != 0:
        raise RuntimeError(f"backup of {dbname} failed with {rc}")
    return target


def main():
    job = load_job("/var/spool/quarry/job.json")
    for db in job.get("databases", []):
        print(backup_database(db))


if __name__ == "__main__":
    main()
