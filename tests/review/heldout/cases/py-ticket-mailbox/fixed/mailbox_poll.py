"""Poll a customer's support mailbox over IMAP and turn new mails into tickets.

Host and credentials come from the helpdesk's per-customer settings.
"""
import email
import imaplib
import ssl
from email.header import decode_header, make_header


def _tls_context():
    return ssl.create_default_context()


def _text(value):
    return str(make_header(decode_header(value or "")))


def fetch_unseen(host, user, password, mailbox="INBOX", limit=20):
    tickets = []
    with imaplib.IMAP4_SSL(host, 993, ssl_context=_tls_context()) as imap:
        imap.login(user, password)
        imap.select(mailbox, readonly=True)
        status, data = imap.search(None, "UNSEEN")
        if status != "OK":
            return tickets
        for num in data[0].split()[:limit]:
            status, parts = imap.fetch(num, "(RFC822)")
            if status != "OK":
                continue
            msg = email.message_from_bytes(parts[0][1])
            tickets.append({
                "from": _text(msg.get("From")),
                "subject": _text(msg.get("Subject")),
                "date": msg.get("Date"),
            })
    return tickets
