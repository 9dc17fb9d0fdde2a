import csv
import os
import sys
import pymysql

DB_HOST = "db.prod.internal"
DB_USER = "reporting"
DB_PASSWORD = os.environ["REPORTING_DB_PASSWORD"]


def fetch_monthly(month):
    conn = pymysql.connect(host=DB_HOST, user=DB_USER, password=DB_PASSWORD, database="sales")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT region, SUM(total) FROM invoices WHERE month = %s GROUP BY region", (month,))
            return cur.fetchall()
    finally:
        conn.close()


def main():
    month = sys.argv[1] if len(sys.argv) > 1 else "2024-01"
    writer = csv.writer(sys.stdout)
    writer.writerow(["region", "total"])
    for region, total in fetch_monthly(month):
        writer.writerow([region, total])


if __name__ == "__main__":
    main()
