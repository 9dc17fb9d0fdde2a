#!/usr/bin/env python3
"""Generate background/events.jsonl for the draft_c detection test set.

Benign activity for a small fictional company (acme.local, AWS account
444455556666) over 2026-03-09 .. 2026-03-11: Sysmon, Security, System and
CloudTrail records, including benign near misses of the attacks in cases/.

Stdlib only and deterministic (random.Random(8117)); rerunning writes the
same file.

    cd tests/detect/draft_c && python3 make_background.py
"""

import datetime as dt
import hashlib
import json
import os
import random

SEED = 8117
rng = random.Random(SEED)

DOMAIN = "ACME"
FQDN = "acme.local"
ACCOUNT = "444455556666"

# host -> (primary user, ip)
LAPTOPS = {
    "LAP-01": ("nkumar", "10.20.5.11"),
    "LAP-02": ("tlee", "10.20.5.12"),
    "LAP-03": ("mgarcia", "10.20.5.13"),
    "LAP-04": ("ppatel", "10.20.5.14"),
    "LAP-05": ("ohansen", "10.20.5.15"),
}
SERVERS = {"APPSRV1": "10.20.8.20", "DC-A": "10.20.8.5"}
ADMIN = "adm_rwong"
ADMIN_WS = "LAP-05"

SYSMON = "Microsoft-Windows-Sysmon/Operational"


# ---------------------------------------------------------------- helpers

def fqdn(host):
    return "%s.%s" % (host, FQDN)


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def guid(r):
    h = "%032x" % r.getrandbits(128)
    return "{%s-%s-%s-%s-%s}" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def hashes(image):
    base = os.path.basename(image).lower().encode()
    sha = hashlib.sha256(b"draft_c:" + base).hexdigest().upper()
    imp = hashlib.md5(b"imp:" + base).hexdigest().upper()
    return "SHA256=%s,IMPHASH=%s" % (sha, imp)


def win(t, host, channel, eid, **fields):
    ev = {"TimeGenerated": ts(t), "Computer": fqdn(host),
          "Channel": channel, "EventID": eid}
    ev.update(fields)
    return ev


def sysmon1(t, host, user, image, cmd, parent, pcmd, r=rng,
            integrity="Medium", ofn=None, cwd=None):
    return win(t, host, SYSMON, 1,
               UtcTime=ts(t)[:-1].replace("T", " "),
               ProcessGuid=guid(r), ProcessId=r.randint(1000, 30000),
               Image=image, OriginalFileName=ofn or os.path.basename(image),
               CommandLine=cmd,
               CurrentDirectory=cwd or "C:\\Users\\%s\\" % user.split("\\")[-1],
               User=user if "\\" in user or user.startswith("NT ") else "%s\\%s" % (DOMAIN, user),
               IntegrityLevel=integrity, Hashes=hashes(image),
               ParentProcessGuid=guid(r), ParentProcessId=r.randint(500, 30000),
               ParentImage=parent, ParentCommandLine=pcmd)


def sysmon3(t, host, user, image, dip, dport, dhost="", sip=None, r=rng,
            proto="tcp", initiated=True):
    return win(t, host, SYSMON, 3,
               ProcessGuid=guid(r), Image=image,
               User=user if "\\" in user or user.startswith("NT ") else "%s\\%s" % (DOMAIN, user),
               Protocol=proto, Initiated=initiated,
               SourceIp=sip or ip_of(host), SourcePort=r.randint(49152, 65535),
               DestinationIp=dip, DestinationHostname=dhost,
               DestinationPort=dport)


def sysmon10(t, host, src, tgt, access, r=rng):
    return win(t, host, SYSMON, 10,
               SourceProcessGUID=guid(r), SourceProcessId=r.randint(500, 30000),
               SourceImage=src, TargetProcessGUID=guid(r),
               TargetProcessId=r.randint(500, 1500), TargetImage=tgt,
               GrantedAccess=access,
               CallTrace="C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e")


def sysmon11(t, host, image, target, r=rng):
    return win(t, host, SYSMON, 11, ProcessGuid=guid(r),
               ProcessId=r.randint(1000, 30000), Image=image,
               TargetFilename=target, CreationUtcTime=ts(t)[:-1].replace("T", " "))


def sysmon13(t, host, image, target, details, r=rng):
    return win(t, host, SYSMON, 13, EventType="SetValue", ProcessGuid=guid(r),
               ProcessId=r.randint(500, 30000), Image=image,
               TargetObject=target, Details=details)


def sysmon22(t, host, image, name, results="", status="0", r=rng):
    return win(t, host, SYSMON, 22, ProcessGuid=guid(r),
               ProcessId=r.randint(1000, 30000), Image=image, QueryName=name,
               QueryStatus=status, QueryResults=results)


def sec4688(t, host, subj, newproc, cmd, parent, r=rng):
    return win(t, host, "Security", 4688,
               SubjectUserName=subj, SubjectDomainName=DOMAIN,
               NewProcessId="0x%x" % r.randint(0x400, 0x7fff),
               NewProcessName=newproc, CommandLine=cmd,
               ParentProcessName=parent, TokenElevationType="%%1936",
               MandatoryLabel="S-1-16-12288")


def ip_of(host):
    if host in LAPTOPS:
        return LAPTOPS[host][1]
    return SERVERS[host]


def cloudtrail(t, source, name, ident, ip, agent, req=None, resp=None,
               err=None, errmsg=None, read_only=False, event_type="AwsApiCall",
               extra=None, region="us-east-1", r=rng):
    rec = {
        "eventVersion": "1.09",
        "userIdentity": ident,
        "eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": agent,
    }
    if err:
        rec["errorCode"] = err
        rec["errorMessage"] = errmsg or "User is not authorized to perform this operation"
    rec["requestParameters"] = req
    rec["responseElements"] = resp
    if extra:
        rec.update(extra)
    rec["requestID"] = "%032x" % r.getrandbits(128)
    rec["eventID"] = guid(r)[1:-1]
    rec["readOnly"] = read_only
    rec["eventType"] = event_type
    rec["managementEvent"] = source not in ("s3.amazonaws.com",) or name not in ("GetObject", "PutObject")
    rec["recipientAccountId"] = ACCOUNT
    rec["eventCategory"] = "Management" if rec["managementEvent"] else "Data"
    return rec


def iam_user(name, key="AKIA"):
    return {"type": "IAMUser", "principalId": "AIDA" + hashlib.md5(name.encode()).hexdigest()[:16].upper(),
            "arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name), "accountId": ACCOUNT,
            "accessKeyId": key + hashlib.md5((name + "k").encode()).hexdigest()[:16].upper(),
            "userName": name}


def assumed(role, session):
    rid = "AROA" + hashlib.md5(role.encode()).hexdigest()[:16].upper()
    return {"type": "AssumedRole", "principalId": "%s:%s" % (rid, session),
            "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, role, session),
            "accountId": ACCOUNT,
            "accessKeyId": "ASIA" + hashlib.md5((role + session).encode()).hexdigest()[:16].upper(),
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": rid,
                                  "arn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, role),
                                  "accountId": ACCOUNT, "userName": role},
                "attributes": {"creationDate": "2026-03-09T08:00:00Z", "mfaAuthenticated": "false"}}}


# common image paths
SYS32 = "C:\\Windows\\System32\\"
CMD = SYS32 + "cmd.exe"
PS = SYS32 + "WindowsPowerShell\\v1.0\\powershell.exe"
EXPLORER = "C:\\Windows\\explorer.exe"
CHROME = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
EDGE = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"
OFFICE = "C:\\Program Files\\Microsoft Office\\root\\Office16\\"
TEAMS = "C:\\Users\\%s\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe"
ONEDRIVE = "C:\\Users\\%s\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe"
SVCHOST = SYS32 + "svchost.exe"
MSMPENG = "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe"
WMIPRVSE = SYS32 + "wbem\\WmiPrvSE.exe"
LSASS = SYS32 + "lsass.exe"
DEVENV = "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\Common7\\IDE\\devenv.exe"
MSBUILD = "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe"
GIT = "C:\\Program Files\\Git\\cmd\\git.exe"
CODE = "C:\\Users\\%s\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe"

PUBLIC_DNS = [
    ("www.microsoft.com", CHROME), ("login.microsoftonline.com", EDGE),
    ("outlook.office365.com", OFFICE + "OUTLOOK.EXE"), ("github.com", CHROME),
    ("api.github.com", GIT), ("settings-win.data.microsoft.com", SVCHOST),
    ("ctldl.windowsupdate.com", SVCHOST), ("teams.microsoft.com", None),
    ("slack.com", CHROME), ("www.google.com", CHROME), ("ngrok.com", CHROME),
    ("docs.python.org", EDGE), ("cdn.jsdelivr.net", CHROME),
    ("acme.sharepoint.com", None), ("wpad.acme.local", SVCHOST),
    ("appsrv1.acme.local", CHROME), ("dc-a.acme.local", SVCHOST),
    ("update.googleapis.com", "C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe"),
]
PUBLIC_IPS = {
    "www.microsoft.com": "23.53.11.80", "login.microsoftonline.com": "20.190.151.6",
    "outlook.office365.com": "52.96.165.2", "github.com": "140.82.112.3",
    "api.github.com": "140.82.112.5", "settings-win.data.microsoft.com": "20.42.65.92",
    "ctldl.windowsupdate.com": "93.184.221.240", "teams.microsoft.com": "52.113.194.132",
    "slack.com": "3.94.114.26", "www.google.com": "142.250.80.36",
    "ngrok.com": "104.18.22.183", "docs.python.org": "151.101.128.223",
    "cdn.jsdelivr.net": "151.101.1.229", "acme.sharepoint.com": "13.107.136.9",
    "update.googleapis.com": "142.250.80.99",
}


# ---------------------------------------------------------------- generator

def day_time(day, h0, h1):
    """Random time on 2026-03-<day> between hours h0 and h1."""
    base = dt.datetime(2026, 3, day)
    sec = rng.randint(int(h0 * 3600), int(h1 * 3600) - 1)
    return base + dt.timedelta(seconds=sec, milliseconds=rng.randint(0, 999))


def gen_day(day, out):
    # --- logons / logoffs --------------------------------------------------
    for host, (user, ip) in LAPTOPS.items():
        t = day_time(day, 7.5, 9.5)
        out.append(win(t, host, "Security", 4624, TargetUserName=user, TargetDomainName=DOMAIN,
                       LogonType=rng.choice([2, 11]), IpAddress="127.0.0.1",
                       WorkstationName=host, LogonProcessName="User32",
                       AuthenticationPackageName="Negotiate",
                       TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
        # network logon to the file server
        t2 = t + dt.timedelta(minutes=rng.randint(3, 40))
        out.append(win(t2, "APPSRV1", "Security", 4624, TargetUserName=user, TargetDomainName=DOMAIN,
                       LogonType=3, IpAddress=ip, WorkstationName=host,
                       LogonProcessName="Kerberos", AuthenticationPackageName="Kerberos",
                       TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
        out.append(win(t2 + dt.timedelta(minutes=rng.randint(20, 200)), "APPSRV1", "Security", 4634,
                       TargetUserName=user, TargetDomainName=DOMAIN, LogonType=3,
                       TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
        te = day_time(day, 17, 19.5)
        out.append(win(te, host, "Security", 4634, TargetUserName=user, TargetDomainName=DOMAIN,
                       LogonType=2, TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
        # occasional mistyped password (single failure, then success)
        if rng.random() < 0.5:
            tf = day_time(day, 9.5, 17)
            out.append(win(tf, host, "Security", 4625, TargetUserName=user, TargetDomainName=DOMAIN,
                           LogonType=rng.choice([2, 7]), IpAddress="127.0.0.1", WorkstationName=host,
                           Status="0xc000006d", SubStatus="0xc000006a", FailureReason="%%2313",
                           LogonProcessName="User32"))
            out.append(win(tf + dt.timedelta(seconds=rng.randint(5, 30)), host, "Security", 4624,
                           TargetUserName=user, TargetDomainName=DOMAIN, LogonType=7,
                           IpAddress="127.0.0.1", WorkstationName=host, LogonProcessName="User32",
                           AuthenticationPackageName="Negotiate",
                           TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
    # admin logons (privileged)
    for host in ("APPSRV1", "DC-A"):
        t = day_time(day, 9, 11)
        out.append(win(t, host, "Security", 4624, TargetUserName=ADMIN, TargetDomainName=DOMAIN,
                       LogonType=10, IpAddress=LAPTOPS[ADMIN_WS][1], WorkstationName=ADMIN_WS,
                       LogonProcessName="User32", AuthenticationPackageName="Negotiate",
                       TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
        out.append(win(t + dt.timedelta(milliseconds=20), host, "Security", 4672,
                       SubjectUserName=ADMIN, SubjectDomainName=DOMAIN,
                       PrivilegeList="SeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeDebugPrivilege"))
        out.append(win(t + dt.timedelta(minutes=rng.randint(30, 90)), host, "Security", 4634,
                       TargetUserName=ADMIN, TargetDomainName=DOMAIN, LogonType=10,
                       TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
    # service account logons on the app server
    for svc in ("svc_sql", "svc_backup"):
        t = day_time(day, 0, 6)
        out.append(win(t, "APPSRV1", "Security", 4624, TargetUserName=svc, TargetDomainName=DOMAIN,
                       LogonType=5, IpAddress="-", WorkstationName="-", LogonProcessName="Advapi",
                       AuthenticationPackageName="Negotiate",
                       TargetLogonId="0x%x" % rng.randint(0x100000, 0xffffff)))
        out.append(win(t + dt.timedelta(milliseconds=15), "APPSRV1", "Security", 4672,
                       SubjectUserName=svc, SubjectDomainName=DOMAIN,
                       PrivilegeList="SeBackupPrivilege\n\t\t\tSeRestorePrivilege"))
    # a stale mapped drive: one failed network logon from a laptop
    host = rng.choice(list(LAPTOPS))
    t = day_time(day, 10, 16)
    out.append(win(t, "APPSRV1", "Security", 4625, TargetUserName=LAPTOPS[host][0], TargetDomainName=DOMAIN,
                   LogonType=3, IpAddress=LAPTOPS[host][1], WorkstationName=host,
                   Status="0xc000006d", SubStatus="0xc000006a", FailureReason="%%2313",
                   LogonProcessName="NtLmSsp"))

    # --- Kerberos service tickets -----------------------------------------
    services = ["APPSRV1$", "DC-A$", "svc_sql", "svc_web", "krbtgt"]
    for host, (user, ip) in LAPTOPS.items():
        t = day_time(day, 8, 9.5)
        for i, svc in enumerate(rng.sample(services, 2)):
            out.append(win(t + dt.timedelta(seconds=i * rng.randint(1, 20)), "DC-A", "Security", 4769,
                           TargetUserName="%s@%s" % (user, FQDN.upper()), TargetDomainName=FQDN.upper(),
                           ServiceName=svc, ServiceSid="S-1-5-21-3311-%d" % rng.randint(1000, 2000),
                           TicketOptions="0x40810000", TicketEncryptionType="0x12",
                           IpAddress="::ffff:" + ip, Status="0x0"))
        t = day_time(day, 12, 17)
        out.append(win(t, "DC-A", "Security", 4769,
                       TargetUserName="%s@%s" % (user, FQDN.upper()), TargetDomainName=FQDN.upper(),
                       ServiceName=rng.choice(["APPSRV1$", "svc_web"]),
                       ServiceSid="S-1-5-21-3311-%d" % rng.randint(1000, 2000),
                       TicketOptions="0x40810000", TicketEncryptionType="0x12",
                       IpAddress="::ffff:" + ip, Status="0x0"))
    # legacy printer appliance that only speaks RC4 -> computer account / krbtgt
    t = day_time(day, 6, 7)
    out.append(win(t, "DC-A", "Security", 4769, TargetUserName="PRN-FLOOR2$@ACME.LOCAL",
                   TargetDomainName="ACME.LOCAL", ServiceName="APPSRV1$",
                   ServiceSid="S-1-5-21-3311-1104", TicketOptions="0x40810000",
                   TicketEncryptionType="0x17", IpAddress="::ffff:10.20.7.40", Status="0x0"))
    out.append(win(t + dt.timedelta(seconds=2), "DC-A", "Security", 4769, TargetUserName="PRN-FLOOR2$@ACME.LOCAL",
                   TargetDomainName="ACME.LOCAL", ServiceName="krbtgt",
                   ServiceSid="S-1-5-21-3311-502", TicketOptions="0x60810010",
                   TicketEncryptionType="0x17", IpAddress="::ffff:10.20.7.40", Status="0x0"))
    # TGT requests (4768) with RC4 from the same appliance
    out.append(win(t - dt.timedelta(seconds=1), "DC-A", "Security", 4768, TargetUserName="PRN-FLOOR2$",
                   TargetDomainName="ACME", ServiceName="krbtgt", TicketEncryptionType="0x17",
                   IpAddress="::ffff:10.20.7.40", Status="0x0", PreAuthType="2"))

    # --- laptop process activity (Sysmon 1) --------------------------------
    for host, (user, ip) in LAPTOPS.items():
        t0 = day_time(day, 7.6, 9.6)
        out.append(sysmon1(t0, host, user, CHROME, '"%s"' % CHROME, EXPLORER, EXPLORER))
        out.append(sysmon1(t0 + dt.timedelta(seconds=40), host, user, TEAMS % user,
                           '"%s" --system-initiated' % (TEAMS % user), EXPLORER, EXPLORER))
        out.append(sysmon1(t0 + dt.timedelta(seconds=70), host, user, ONEDRIVE % user,
                           '"%s" /background' % (ONEDRIVE % user), EXPLORER, EXPLORER))
        for _ in range(rng.randint(1, 2)):
            app = rng.choice(["WINWORD.EXE", "EXCEL.EXE", "OUTLOOK.EXE", "POWERPNT.EXE"])
            t = day_time(day, 9, 17.5)
            out.append(sysmon1(t, host, user, OFFICE + app, '"%s%s"' % (OFFICE, app), EXPLORER, EXPLORER))
            if app in ("WINWORD.EXE", "EXCEL.EXE") and rng.random() < 0.5:
                out.append(sysmon1(t + dt.timedelta(minutes=rng.randint(5, 50)), host, user,
                                   SYS32 + "splwow64.exe", SYS32 + "splwow64.exe 12288",
                                   OFFICE + app, '"%s%s"' % (OFFICE, app)))
        # notepad / explorer stuff
        t = day_time(day, 10, 16)
        out.append(sysmon1(t, host, user, SYS32 + "notepad.exe",
                           '"C:\\Windows\\system32\\notepad.exe" C:\\Users\\%s\\Documents\\notes.txt' % user,
                           EXPLORER, EXPLORER))
        # printer control panel
        if rng.random() < 0.4:
            t = day_time(day, 10, 16)
            out.append(sysmon1(t, host, user, SYS32 + "rundll32.exe",
                               '"C:\\Windows\\system32\\rundll32.exe" shell32.dll,Control_RunDLL "C:\\Windows\\system32\\desk.cpl",,0',
                               EXPLORER, EXPLORER))
        if rng.random() < 0.3:
            t = day_time(day, 10, 16)
            out.append(sysmon1(t, host, user, SYS32 + "rundll32.exe",
                               'rundll32.exe printui.dll,PrintUIEntry /in /n "\\\\APPSRV1\\Floor2-Color"',
                               CMD, '"C:\\Windows\\system32\\cmd.exe"'))
        # ipconfig when VPN acts up
        if rng.random() < 0.5:
            t = day_time(day, 9, 17)
            out.append(sysmon1(t, host, user, CMD, '"C:\\Windows\\system32\\cmd.exe"', EXPLORER, EXPLORER))
            out.append(sysmon1(t + dt.timedelta(seconds=12), host, user, SYS32 + "ipconfig.exe",
                               "ipconfig /all", CMD, '"C:\\Windows\\system32\\cmd.exe"'))
            if rng.random() < 0.5:
                out.append(sysmon1(t + dt.timedelta(seconds=30), host, user, SYS32 + "ipconfig.exe",
                                   "ipconfig /flushdns", CMD, '"C:\\Windows\\system32\\cmd.exe"'))
            if rng.random() < 0.4:
                out.append(sysmon1(t + dt.timedelta(seconds=55), host, user, SYS32 + "PING.EXE",
                                   "ping -n 4 appsrv1.acme.local", CMD, '"C:\\Windows\\system32\\cmd.exe"'))
        # netsh wifi profiles
        if rng.random() < 0.25:
            t = day_time(day, 9, 17)
            out.append(sysmon1(t, host, user, SYS32 + "netsh.exe", "netsh wlan show profiles",
                               CMD, '"C:\\Windows\\system32\\cmd.exe"'))

    # developers: LAP-02 (tlee) and LAP-04 (ppatel)
    for host in ("LAP-02", "LAP-04"):
        user = LAPTOPS[host][0]
        t = day_time(day, 9, 12)
        out.append(sysmon1(t, host, user, DEVENV, '"%s" C:\\src\\billing\\Billing.sln' % DEVENV, EXPLORER, EXPLORER))
        for k in range(rng.randint(1, 2)):
            tb = t + dt.timedelta(minutes=rng.randint(5, 300))
            out.append(sysmon1(tb, host, user, MSBUILD,
                               '"%s" C:\\src\\billing\\Billing.sln /t:Build /p:Configuration=Debug /m' % MSBUILD,
                               DEVENV, '"%s" C:\\src\\billing\\Billing.sln' % DEVENV))
        tg = day_time(day, 9, 17)
        out.append(sysmon1(tg, host, user, GIT, "git.exe pull --ff-only origin main",
                           CODE % user, '"%s"' % (CODE % user), cwd="C:\\src\\billing\\"))
        out.append(sysmon1(tg + dt.timedelta(seconds=45), host, user, "C:\\Program Files\\Git\\mingw64\\bin\\curl.exe",
                           "curl.exe -s https://api.github.com/repos/acme-corp/billing/releases/latest",
                           PS, '"%s"' % PS))
        # local health check of the internal service
        out.append(sysmon1(tg + dt.timedelta(minutes=3), host, user, SYS32 + "curl.exe",
                           "curl.exe -s http://10.20.8.20:8080/health", CMD, '"C:\\Windows\\system32\\cmd.exe"'))
        if rng.random() < 0.5:
            out.append(sysmon1(tg + dt.timedelta(minutes=9), host, user, SYS32 + "curl.exe",
                               "curl.exe -L -o C:\\Users\\%s\\Downloads\\node-v22.12.0-x64.msi https://nodejs.org/dist/v22.12.0/node-v22.12.0-x64.msi" % user,
                               PS, '"%s"' % PS))
        if rng.random() < 0.4:
            out.append(sysmon1(tg + dt.timedelta(minutes=14), host, user, SYS32 + "netsh.exe",
                               "netsh interface portproxy show all", PS, '"%s"' % PS))

    # admin on LAP-05 (adm_rwong runs as separate admin account)
    user = ADMIN
    t = day_time(day, 9, 11)
    out.append(sysmon1(t, ADMIN_WS, user, PS,
                       '"%s" -NoProfile -ExecutionPolicy Bypass -File \\\\APPSRV1\\it$\\scripts\\Get-Inventory.ps1' % PS,
                       EXPLORER, EXPLORER, integrity="High"))
    out.append(sysmon1(t + dt.timedelta(minutes=2), ADMIN_WS, user, SYS32 + "net.exe",
                       'net group "Domain Admins" /domain', PS, '"%s"' % PS, integrity="High"))
    out.append(sysmon1(t + dt.timedelta(minutes=2, seconds=1), ADMIN_WS, user, SYS32 + "net1.exe",
                       'C:\\Windows\\system32\\net1 group "Domain Admins" /domain', SYS32 + "net.exe",
                       'net group "Domain Admins" /domain', integrity="High"))
    out.append(sysmon1(t + dt.timedelta(minutes=9), ADMIN_WS, user, SYS32 + "certutil.exe",
                       "certutil.exe -hashfile C:\\Users\\adm_rwong\\Downloads\\AcmeAgentSetup-5.2.msi SHA256",
                       PS, '"%s"' % PS, integrity="High"))
    out.append(sysmon1(t + dt.timedelta(minutes=15), ADMIN_WS, user, SYS32 + "wbem\\WMIC.exe",
                       "wmic /node:APPSRV1 logicaldisk get caption,freespace,size", PS, '"%s"' % PS,
                       integrity="High", ofn="wmic.exe"))
    out.append(sysmon1(t + dt.timedelta(minutes=40), ADMIN_WS, user, SYS32 + "wbem\\WMIC.exe",
                       "wmic os get caption,version,buildnumber", PS, '"%s"' % PS,
                       integrity="High", ofn="wmic.exe"))
    if day == 10:
        # VPN profile rollout (excluded by case 03) and agent install (case 01 near miss)
        tv = day_time(day, 13, 15)
        for host, (u, ip) in LAPTOPS.items():
            tt = tv + dt.timedelta(minutes=rng.randint(0, 30))
            out.append(sysmon1(tt, host, "NT AUTHORITY\\SYSTEM", SYS32 + "cmstp.exe",
                               'cmstp.exe /s "C:\\Program Files\\AcmeVPN\\acmevpn.inf"',
                               "C:\\Program Files\\Acme\\Deploy\\deployagent.exe",
                               '"C:\\Program Files\\Acme\\Deploy\\deployagent.exe" -service',
                               integrity="System", cwd="C:\\Windows\\system32\\"))
            out.append(sysmon1(tt + dt.timedelta(minutes=4), host, "NT AUTHORITY\\SYSTEM",
                               "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe",
                               'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe /LogFile= "C:\\Program Files\\Acme\\Agent\\AcmeAgentSvc.exe"',
                               SYS32 + "msiexec.exe", "C:\\Windows\\system32\\msiexec.exe /V",
                               integrity="System", cwd="C:\\Windows\\system32\\"))
            # deploy agent installing a component staged in ProgramData (excluded parent)
            out.append(sysmon1(tt + dt.timedelta(minutes=6), host, "NT AUTHORITY\\SYSTEM",
                               "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe",
                               'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe C:\\ProgramData\\Acme\\Deploy\\cache\\Acme.Telemetry.dll',
                               "C:\\Program Files\\Acme\\Deploy\\deployagent.exe",
                               '"C:\\Program Files\\Acme\\Deploy\\deployagent.exe" -service',
                               integrity="System", cwd="C:\\Windows\\system32\\"))

    # --- server 4688 activity ---------------------------------------------
    for host in ("APPSRV1", "DC-A"):
        t = day_time(day, 1, 3)
        out.append(sec4688(t, host, host + "$", SYS32 + "wbem\\WmiPrvSE.exe",
                           "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
                           SYS32 + "svchost.exe"))
        t = day_time(day, 9, 11)
        out.append(sec4688(t, host, ADMIN, PS,
                           '"%s" -ExecutionPolicy Bypass -NoProfile -File C:\\Scripts\\Rotate-Logs.ps1' % PS,
                           EXPLORER))
        out.append(sec4688(t + dt.timedelta(minutes=3), host, ADMIN, SYS32 + "schtasks.exe",
                           'schtasks.exe /query /tn "\\Acme\\Nightly Backup" /v /fo list', PS))
        out.append(sec4688(t + dt.timedelta(minutes=6), host, ADMIN, SYS32 + "sc.exe",
                           "sc.exe query AcmeAgent", PS))
        out.append(sec4688(t + dt.timedelta(minutes=8), host, ADMIN, SYS32 + "gpupdate.exe",
                           "gpupdate /target:computer /force", PS))
    t = day_time(day, 2, 3)
    out.append(sec4688(t, "APPSRV1", "svc_backup", SYS32 + "wbadmin.exe",
                       "wbadmin start backup -backupTarget:\\\\DC-A\\backup$ -include:D:\\Data -quiet",
                       SYS32 + "svchost.exe"))
    out.append(sec4688(t + dt.timedelta(minutes=50), "APPSRV1", "svc_backup", SYS32 + "wbadmin.exe",
                       "wbadmin get versions", SYS32 + "svchost.exe"))
    if day == 9:
        t = day_time(day, 10, 12)
        out.append(sec4688(t, "APPSRV1", ADMIN, SYS32 + "schtasks.exe",
                           'schtasks /create /tn "Acme\\Agent Update" /tr "\\"C:\\Program Files\\Acme\\Agent\\updater.exe\\" /silent" /sc daily /st 03:00 /ru SYSTEM /f',
                           CMD))
        out.append(sec4688(t + dt.timedelta(minutes=5), "APPSRV1", ADMIN, SYS32 + "odbcconf.exe",
                           'odbcconf.exe /a {CONFIGSYSDSN "ODBC Driver 18 for SQL Server" "DSN=Billing|SERVER=APPSRV1|Trusted_Connection=Yes"}',
                           CMD))
        out.append(sec4688(t + dt.timedelta(minutes=9), "APPSRV1", ADMIN, SYS32 + "bcdedit.exe",
                           "bcdedit /enum {current}", CMD))
        out.append(sec4688(t + dt.timedelta(minutes=20), "APPSRV1", ADMIN, SYS32 + "odbcconf.exe",
                           'odbcconf.exe /a {REGSVR "C:\\Program Files\\Acme ODBC\\acmeodbc64.dll"}',
                           CMD))
    if day == 10:
        t = day_time(day, 20, 22)
        out.append(sec4688(t, "DC-A", ADMIN, SYS32 + "esentutl.exe",
                           "esentutl.exe /mh C:\\Windows\\NTDS\\ntds.dit", CMD))
        out.append(sec4688(t + dt.timedelta(minutes=2), "DC-A", ADMIN, SYS32 + "netsh.exe",
                           "netsh advfirewall firewall show rule name=all dir=in", CMD))
    if day == 11:
        t = day_time(day, 10, 12)
        out.append(sec4688(t, "APPSRV1", ADMIN, SYS32 + "sc.exe",
                           'sc.exe config AcmeAgent start= delayed-auto', CMD))
        out.append(sec4688(t + dt.timedelta(minutes=4), "APPSRV1", ADMIN, SYS32 + "certutil.exe",
                           "certutil -hashfile D:\\Deploy\\AcmeAgentSetup-5.2.msi SHA256", CMD))
        out.append(sec4688(t + dt.timedelta(minutes=11), "APPSRV1", ADMIN, SYS32 + "esentutl.exe",
                           "esentutl.exe /y D:\\Logs\\app-2026-03-10.log /d \\\\DC-A\\backup$\\logs\\app-2026-03-10.log",
                           CMD))

    # --- network (Sysmon 3) & DNS (Sysmon 22) ----------------------------
    for host, (user, ip) in LAPTOPS.items():
        for _ in range(rng.randint(2, 3)):
            name, image = rng.choice(PUBLIC_DNS)
            if image is None:
                image = TEAMS % user
            t = day_time(day, 8, 18)
            addr = PUBLIC_IPS.get(name, SERVERS["APPSRV1"] if "appsrv1" in name else SERVERS["DC-A"])
            out.append(sysmon22(t, host, image, name, results="::ffff:%s;" % addr))
            port = 443
            if name.endswith(FQDN):
                port = rng.choice([80, 445]) if "appsrv1" in name else 389
            out.append(sysmon3(t + dt.timedelta(milliseconds=rng.randint(20, 400)), host, user, image,
                               addr, port, dhost=name))
        # SMB + LDAP to DC at logon
        t = day_time(day, 7.6, 9.5)
        out.append(sysmon3(t, host, "NT AUTHORITY\\SYSTEM", "System", SERVERS["DC-A"], 445, dhost="dc-a.acme.local"))
        out.append(sysmon3(t + dt.timedelta(seconds=1), host, "NT AUTHORITY\\SYSTEM", LSASS, SERVERS["DC-A"], 88,
                           dhost="dc-a.acme.local"))
    # dev hosts ssh/rdp to app server
    for host in ("LAP-02", "LAP-04"):
        t = day_time(day, 9, 17)
        out.append(sysmon3(t, host, LAPTOPS[host][0], "C:\\Windows\\System32\\OpenSSH\\ssh.exe",
                           SERVERS["APPSRV1"], 22, dhost="appsrv1.acme.local"))
        out.append(sysmon3(t + dt.timedelta(minutes=rng.randint(3, 30)), host, LAPTOPS[host][0],
                           SYS32 + "mstsc.exe", SERVERS["APPSRV1"], 3389, dhost="appsrv1.acme.local"))
    # admin RDP
    t = day_time(day, 9, 11)
    out.append(sysmon3(t, ADMIN_WS, ADMIN, SYS32 + "mstsc.exe", SERVERS["DC-A"], 3389, dhost="dc-a.acme.local"))
    # browser hitting a quick demo tunnel (excluded by case 14: browser)
    if day == 10:
        t = day_time(day, 14, 16)
        out.append(sysmon22(t, "LAP-03", EDGE, "sunny-river-demo.trycloudflare.com",
                            results="::ffff:104.16.231.132;"))
        out.append(sysmon3(t + dt.timedelta(milliseconds=120), "LAP-03", "mgarcia", EDGE, "104.16.231.132", 443,
                           dhost="sunny-river-demo.trycloudflare.com"))
    # NXDOMAIN typo
    t = day_time(day, 9, 17)
    out.append(sysmon22(t, "LAP-01", CHROME, "acme.sharepoint.cmo", status="9003"))

    # --- file creation (Sysmon 11) ----------------------------------------
    for host, (user, ip) in LAPTOPS.items():
        for _ in range(rng.randint(2, 3)):
            t = day_time(day, 9, 17.5)
            kind = rng.random()
            if kind < 0.35:
                fn = "C:\\Users\\%s\\Downloads\\%s" % (user, rng.choice(
                    ["Q1-forecast.xlsx", "invoice-20260309.pdf", "team-offsite.docx", "vpn-guide.pdf",
                     "screenshot (%d).png" % rng.randint(1, 40)]))
                out.append(sysmon11(t, host, CHROME, fn))
            elif kind < 0.65:
                fn = "C:\\Users\\%s\\AppData\\Local\\Temp\\~DF%04X.tmp" % (user, rng.randint(0, 0xffff))
                out.append(sysmon11(t, host, OFFICE + "WINWORD.EXE", fn))
            elif kind < 0.85:
                fn = "C:\\Users\\%s\\OneDrive - Acme\\Documents\\%s" % (user, rng.choice(
                    ["notes.txt", "plan.docx", "budget.xlsx"]))
                out.append(sysmon11(t, host, ONEDRIVE % user, fn))
            else:
                fn = "C:\\Windows\\Prefetch\\%s-%08X.pf" % (rng.choice(["CHROME.EXE", "TEAMS.EXE", "NOTEPAD.EXE"]),
                                                            rng.getrandbits(32))
                out.append(sysmon11(t, host, SVCHOST, fn))
    if day == 9:
        # users pinning apps to run at logon: shortcuts in Startup (case 13 excludes .lnk / desktop.ini)
        for host, app in (("LAP-01", "Slack.lnk"), ("LAP-03", "Greenshot.lnk"), ("LAP-04", "Notion.lnk")):
            user = LAPTOPS[host][0]
            t = day_time(day, 10, 16)
            out.append(sysmon11(t, host, EXPLORER,
                                "C:\\Users\\%s\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\%s"
                                % (user, app)))
        t = day_time(day, 10, 16)
        out.append(sysmon11(t, "LAP-02", EXPLORER,
                            "C:\\Users\\tlee\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\desktop.ini"))
        out.append(sysmon11(t + dt.timedelta(minutes=1), "LAP-02", "C:\\Windows\\System32\\msiexec.exe",
                            "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Acme Agent\\Acme Agent.lnk"))
        out.append(sysmon11(t + dt.timedelta(minutes=2), "LAP-05", "C:\\Windows\\System32\\msiexec.exe",
                            "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp\\Acme Agent Tray.lnk"))

    # --- registry (Sysmon 13) ---------------------------------------------
    for host, (user, ip) in LAPTOPS.items():
        t = day_time(day, 7.6, 9.6)
        out.append(sysmon13(t, host, ONEDRIVE % user,
                            "HKU\\S-1-5-21-3311-%d\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive"
                            % (1100 + list(LAPTOPS).index(host)),
                            '"%s" /background' % (ONEDRIVE % user)))
        t = day_time(day, 9, 17)
        out.append(sysmon13(t, host, EXPLORER,
                            "HKU\\S-1-5-21-3311-%d\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx\\MRUListEx"
                            % (1100 + list(LAPTOPS).index(host)), "Binary Data"))
        t = day_time(day, 3, 5)
        out.append(sysmon13(t, host, MSMPENG,
                            "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignaturesLastUpdated",
                            "Binary Data"))
    if day == 10:
        for host in LAPTOPS:
            t = day_time(day, 13, 16)
            out.append(sysmon13(t, host, SYS32 + "msiexec.exe",
                                "HKLM\\System\\CurrentControlSet\\Services\\AcmeAgent\\Start", "DWORD (0x00000002)"))
            out.append(sysmon13(t + dt.timedelta(seconds=3), host, SYS32 + "msiexec.exe",
                                "HKLM\\System\\CurrentControlSet\\Services\\AcmeAgent\\ImagePath",
                                '"C:\\Program Files\\Acme\\Agent\\AcmeAgentSvc.exe"'))
        # exploit-protection policy pushed by Intune: IFEO value that is not Debugger
        for host in ("LAP-01", "LAP-03"):
            t = day_time(day, 11, 12)
            out.append(sysmon13(t, host, SVCHOST,
                                "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\AcroRd32.exe\\MitigationOptions",
                                "QWORD (0x00000000-0x00100000)"))
    if day == 11:
        # Visual Studio registering its JIT debugger (excluded by case 12)
        t = day_time(day, 10, 12)
        out.append(sysmon13(t, "LAP-02", "C:\\Program Files (x86)\\Microsoft Visual Studio\\Installer\\setup.exe",
                            "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug\\Debugger",
                            '"C:\\Windows\\system32\\vsjitdebugger.exe" -p %ld -e %ld -j 0x%p'))
        out.append(sysmon13(t + dt.timedelta(seconds=4), "LAP-02",
                            "C:\\Program Files (x86)\\Microsoft Visual Studio\\Installer\\setup.exe",
                            "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\Billing.Worker.exe\\Debugger",
                            '"C:\\Windows\\system32\\vsjitdebugger.exe"'))

    # --- process access (Sysmon 10) ---------------------------------------
    for host in list(LAPTOPS) + list(SERVERS):
        t = day_time(day, 3, 5)
        out.append(sysmon10(t, host, MSMPENG, LSASS, "0x1410"))
        if rng.random() < 0.6:
            out.append(sysmon10(day_time(day, 8, 18), host, WMIPRVSE, LSASS, "0x1010"))
        if rng.random() < 0.4:
            out.append(sysmon10(day_time(day, 8, 18), host, SYS32 + "csrss.exe", LSASS, "0x1000"))
    for host, (user, ip) in LAPTOPS.items():
        if rng.random() < 0.4:
            out.append(sysmon10(day_time(day, 9, 17), host, SYS32 + "Taskmgr.exe", CHROME, "0x1fffff"))
        if rng.random() < 0.5:
            out.append(sysmon10(day_time(day, 9, 17), host, TEAMS % user,
                                SYS32 + "audiodg.exe", "0x1410"))

    # --- scheduled tasks (4698) -------------------------------------------
    def task_xml(cmd, args, author):
        return ('<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" '
                'xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><RegistrationInfo>'
                '<Author>%s</Author></RegistrationInfo><Triggers><CalendarTrigger><StartBoundary>'
                '2026-03-%02dT03:00:00</StartBoundary><ScheduleByDay><DaysInterval>1</DaysInterval>'
                '</ScheduleByDay></CalendarTrigger></Triggers><Actions Context="Author"><Exec>'
                '<Command>%s</Command><Arguments>%s</Arguments></Exec></Actions></Task>'
                % (author, day, cmd, args))
    if day == 9:
        t = day_time(day, 10, 12)
        out.append(win(t, "APPSRV1", "Security", 4698, SubjectUserName=ADMIN, SubjectDomainName=DOMAIN,
                       TaskName="\\Acme\\Agent Update",
                       TaskContent=task_xml('"C:\\Program Files\\Acme\\Agent\\updater.exe"', "/silent",
                                            "ACME\\adm_rwong")))
    for host, (user, ip) in LAPTOPS.items():
        if rng.random() < 0.5 or host == "LAP-03":
            t = day_time(day, 8, 10)
            out.append(win(t, host, "Security", 4698, SubjectUserName=host + "$", SubjectDomainName=DOMAIN,
                           TaskName="\\GoogleUpdateTaskMachineUA{%s}" % guid(rng)[1:-1].upper(),
                           TaskContent=task_xml("C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe",
                                                "/ua /installsource scheduler", "NT AUTHORITY\\SYSTEM")))
    if day == 11:
        t = day_time(day, 11, 13)
        out.append(win(t, "DC-A", "Security", 4698, SubjectUserName=ADMIN, SubjectDomainName=DOMAIN,
                       TaskName="\\Acme\\Export-GPOReport",
                       TaskContent=task_xml(PS, "-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\Export-GPOReport.ps1",
                                            "ACME\\adm_rwong")))
        out.append(win(t + dt.timedelta(minutes=1), "LAP-04", "Security", 4698, SubjectUserName="ppatel",
                       SubjectDomainName=DOMAIN, TaskName="\\Adobe Acrobat Update Task",
                       TaskContent=task_xml('"C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0\\AdobeARM.exe"', "",
                                            "Adobe Systems Incorporated")))

    # --- account management -----------------------------------------------
    new_users = {9: "intern.kyoung", 10: "svc_reports", 11: "contractor.lchan"}
    t = day_time(day, 10, 15)
    out.append(win(t, "DC-A", "Security", 4720, SubjectUserName=ADMIN, SubjectDomainName=DOMAIN,
                   TargetUserName=new_users[day], TargetDomainName=DOMAIN,
                   SamAccountName=new_users[day], UserPrincipalName="%s@acme.local" % new_users[day]))
    out.append(win(t + dt.timedelta(seconds=20), "DC-A", "Security", 4722, SubjectUserName=ADMIN,
                   SubjectDomainName=DOMAIN, TargetUserName=new_users[day], TargetDomainName=DOMAIN))
    # Intune adds the local support account to Administrators (excluded by case 17)
    for host in rng.sample(list(LAPTOPS), 2):
        t = day_time(day, 6, 8)
        out.append(win(t, host, "Security", 4732, SubjectUserName="svc_intune", SubjectDomainName=DOMAIN,
                       MemberName="CN=LAPS Support,OU=Groups,DC=acme,DC=local",
                       MemberSid="S-1-5-21-3311-2201", TargetUserName="Administrators",
                       TargetDomainName="Builtin", TargetSid="S-1-5-32-544"))
    if day == 10:
        t = day_time(day, 14, 16)
        out.append(win(t, "APPSRV1", "Security", 4732, SubjectUserName=ADMIN, SubjectDomainName=DOMAIN,
                       MemberName="CN=svc_backup,OU=Service Accounts,DC=acme,DC=local",
                       MemberSid="S-1-5-21-3311-1210", TargetUserName="Backup Operators",
                       TargetDomainName="Builtin", TargetSid="S-1-5-32-551"))
        out.append(win(t + dt.timedelta(minutes=3), "APPSRV1", "Security", 4733, SubjectUserName=ADMIN,
                       SubjectDomainName=DOMAIN, MemberName="CN=old.contractor,OU=Disabled,DC=acme,DC=local",
                       MemberSid="S-1-5-21-3311-1777", TargetUserName="Remote Desktop Users",
                       TargetDomainName="Builtin", TargetSid="S-1-5-32-555"))

    # --- service installs (7045) ------------------------------------------
    if day == 10:
        for host in LAPTOPS:
            t = day_time(day, 13, 16)
            out.append(win(t, host, "System", 7045, ServiceName="Acme Agent",
                           ImagePath='"C:\\Program Files\\Acme\\Agent\\AcmeAgentSvc.exe"',
                           ServiceType="user mode service", StartType="auto start",
                           AccountName="LocalSystem"))
    if day == 9:
        t = day_time(day, 11, 15)
        out.append(win(t, "LAP-02", "System", 7045, ServiceName="Google Updater Service",
                       ImagePath='"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /svc',
                       ServiceType="user mode service", StartType="demand start", AccountName="LocalSystem"))
        out.append(win(t + dt.timedelta(hours=2), "APPSRV1", "System", 7045, ServiceName="TempMon",
                       ImagePath='"C:\\Program Files (x86)\\TempMon\\tempmon.exe" -service',
                       ServiceType="user mode service", StartType="auto start", AccountName="LocalSystem"))
    if day == 11:
        t = day_time(day, 9, 12)
        out.append(win(t, "LAP-04", "System", 7045, ServiceName="Docker Desktop Service",
                       ImagePath='"C:\\Program Files\\Docker\\Docker\\com.docker.service"',
                       ServiceType="user mode service", StartType="demand start", AccountName="LocalSystem"))
        out.append(win(t + dt.timedelta(minutes=30), "APPSRV1", "System", 7045, ServiceName="WinDefend Update Helper",
                       ImagePath="C:\\Windows\\System32\\svchost.exe -k netsvcs -p",
                       ServiceType="user mode service", StartType="demand start", AccountName="LocalSystem"))

    # --- CloudTrail --------------------------------------------------------
    office_ips = ["198.51.100.24", "198.51.100.25"]
    console = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36"
    cli = "aws-cli/2.22.4 md/awscrt#0.23.1 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#%s"
    boto = "Boto3/1.36.2 md/Botocore#1.36.2 ua/2.0 os/linux#5.10.233-223.887.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.36.2"
    humans = ["nkumar", "tlee", "ohansen", "adm_rwong"]
    for u in humans:
        t = day_time(day, 8, 10)
        out.append(cloudtrail(t, "signin.amazonaws.com", "ConsoleLogin",
                              {"type": "IAMUser", "principalId": iam_user(u)["principalId"],
                               "arn": iam_user(u)["arn"], "accountId": ACCOUNT, "userName": u},
                              rng.choice(office_ips), console,
                              resp={"ConsoleLogin": "Success"},
                              extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home",
                                                             "MobileVersion": "No", "MFAUsed": "Yes"}},
                              event_type="AwsConsoleSignIn"))
        # a couple of console reads
        for _ in range(rng.randint(2, 4)):
            t2 = t + dt.timedelta(minutes=rng.randint(1, 120))
            name, src, req = rng.choice([
                ("DescribeInstances", "ec2.amazonaws.com", {"instancesSet": {}, "filterSet": {}}),
                ("ListBuckets", "s3.amazonaws.com", {"Host": "s3.amazonaws.com"}),
                ("ListUsers", "iam.amazonaws.com", None),
                ("DescribeAlarms", "monitoring.amazonaws.com", {"maxRecords": 100}),
                ("ListFindings", "guardduty.amazonaws.com", {"detectorId": "7ac9d1e2f3a4b5c6d7e8f9a0b1c2d3e4",
                                                             "maxResults": 50}),
                ("ListKeys", "kms.amazonaws.com", {"limit": 1000}),
            ])
            out.append(cloudtrail(t2, src, name, iam_user(u), rng.choice(office_ips), console,
                                  req=req, read_only=True))
    # CI pipeline role
    for _ in range(rng.randint(4, 6)):
        t = day_time(day, 0, 24)
        sess = "gha-%d" % rng.randint(100000, 999999)
        out.append(cloudtrail(t, "sts.amazonaws.com", "AssumeRoleWithWebIdentity",
                              {"type": "WebIdentityUser", "principalId": "token.actions.githubusercontent.com:repo:acme-corp/billing:ref:refs/heads/main",
                               "userName": "repo:acme-corp/billing:ref:refs/heads/main",
                               "identityProvider": "token.actions.githubusercontent.com"},
                              "4.175.20.%d" % rng.randint(1, 250), "aws-sdk-js/3.744.0",
                              req={"roleArn": "arn:aws:iam::%s:role/ci-deploy" % ACCOUNT,
                                   "roleSessionName": sess, "durationSeconds": 3600},
                              resp={"assumedRoleUser": {"arn": "arn:aws:sts::%s:assumed-role/ci-deploy/%s" % (ACCOUNT, sess)}},
                              read_only=True))
        out.append(cloudtrail(t + dt.timedelta(seconds=20), "s3.amazonaws.com", "PutObject",
                              assumed("ci-deploy", sess), "4.175.20.%d" % rng.randint(1, 250), boto,
                              req={"bucketName": "acme-artifacts", "key": "billing/%s/build.zip" % sess,
                                   "Host": "acme-artifacts.s3.us-east-1.amazonaws.com"}))
        out.append(cloudtrail(t + dt.timedelta(seconds=26), "kms.amazonaws.com", "GenerateDataKey",
                              assumed("ci-deploy", sess), "s3.amazonaws.com", "s3.amazonaws.com",
                              req={"keyId": "arn:aws:kms:us-east-1:%s:key/4f0c2a1e-9d7b-4c33-8e21-5b6a7c8d9e0f" % ACCOUNT,
                                   "keySpec": "AES_256",
                                   "encryptionContext": {"aws:s3:arn": "arn:aws:s3:::acme-artifacts"}},
                              read_only=True))
    # admin switching into the read-only audit role
    t = day_time(day, 10, 16)
    out.append(cloudtrail(t, "sts.amazonaws.com", "AssumeRole", iam_user(ADMIN), office_ips[1],
                          cli % "sts.assume-role",
                          req={"roleArn": "arn:aws:iam::%s:role/audit-readonly" % ACCOUNT,
                               "roleSessionName": "adm_rwong-audit", "durationSeconds": 3600},
                          resp={"assumedRoleUser": {"assumedRoleId": "AROAEXAMPLEAUDIT:adm_rwong-audit",
                                                    "arn": "arn:aws:sts::%s:assumed-role/audit-readonly/adm_rwong-audit" % ACCOUNT}},
                          read_only=True))
    out.append(cloudtrail(t + dt.timedelta(minutes=2), "iam.amazonaws.com", "GetAccountPasswordPolicy",
                          assumed("audit-readonly", "adm_rwong-audit"), office_ips[1], cli % "iam.get-account-password-policy",
                          read_only=True))
    # app servers reading config
    for _ in range(rng.randint(5, 8)):
        t = day_time(day, 0, 24)
        out.append(cloudtrail(t, "s3.amazonaws.com", "GetObject", assumed("billing-app", "i-0c4d5e6f708192a3b"),
                              "54.210.33.%d" % rng.randint(1, 250), boto,
                              req={"bucketName": "acme-config", "key": "billing/prod/settings.json",
                                   "Host": "acme-config.s3.us-east-1.amazonaws.com"}, read_only=True))
        out.append(cloudtrail(t + dt.timedelta(milliseconds=300), "kms.amazonaws.com", "Decrypt",
                              assumed("billing-app", "i-0c4d5e6f708192a3b"), "54.210.33.17", boto,
                              req={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}, read_only=True))
    # occasional denied call from a developer poking around (isolated)
    t = day_time(day, 11, 16)
    out.append(cloudtrail(t, "iam.amazonaws.com", "GetAccountAuthorizationDetails", iam_user("tlee"),
                          office_ips[0], cli % "iam.get-account-authorization-details", read_only=True,
                          err="AccessDenied",
                          errmsg="User: arn:aws:iam::444455556666:user/tlee is not authorized to perform: iam:GetAccountAuthorizationDetails"))
    # admin tasks
    if day == 9:
        t = day_time(day, 14, 16)
        out.append(cloudtrail(t, "iam.amazonaws.com", "CreateUser", iam_user(ADMIN), office_ips[1], console,
                              req={"userName": "svc-metrics-export"},
                              resp={"user": {"userName": "svc-metrics-export", "path": "/",
                                             "arn": "arn:aws:iam::%s:user/svc-metrics-export" % ACCOUNT}}))
        out.append(cloudtrail(t + dt.timedelta(minutes=1), "iam.amazonaws.com", "AttachUserPolicy", iam_user(ADMIN),
                              office_ips[1], console,
                              req={"userName": "svc-metrics-export",
                                   "policyArn": "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"}))
        out.append(cloudtrail(t + dt.timedelta(minutes=3), "s3.amazonaws.com", "PutBucketAcl", iam_user(ADMIN),
                              office_ips[1], console,
                              req={"bucketName": "acme-metrics-export", "Host": "acme-metrics-export.s3.amazonaws.com",
                                   "acl": "", "x-amz-acl": ["private"]}))
        out.append(cloudtrail(t + dt.timedelta(minutes=20), "guardduty.amazonaws.com", "UpdateDetector", iam_user(ADMIN),
                              office_ips[1], console,
                              req={"detectorId": "7ac9d1e2f3a4b5c6d7e8f9a0b1c2d3e4",
                                   "findingPublishingFrequency": "FIFTEEN_MINUTES"}))
    if day == 10:
        t = day_time(day, 10, 12)
        out.append(cloudtrail(t, "ec2.amazonaws.com", "StopInstances", iam_user("ohansen"), office_ips[0], console,
                              req={"instancesSet": {"items": [{"instanceId": "i-0e1f2a3b4c5d6e7f8"}]}, "force": False}))
        out.append(cloudtrail(t + dt.timedelta(minutes=2), "ec2.amazonaws.com", "ModifyInstanceAttribute",
                              iam_user("ohansen"), office_ips[0], console,
                              req={"instanceId": "i-0e1f2a3b4c5d6e7f8", "instanceType": {"value": "m6i.xlarge"}}))
        out.append(cloudtrail(t + dt.timedelta(minutes=3), "ec2.amazonaws.com", "StartInstances", iam_user("ohansen"),
                              office_ips[0], console,
                              req={"instancesSet": {"items": [{"instanceId": "i-0e1f2a3b4c5d6e7f8"}]}}))
        out.append(cloudtrail(t + dt.timedelta(minutes=30), "ec2.amazonaws.com", "DescribeInstanceAttribute",
                              iam_user("ohansen"), office_ips[0], cli % "ec2.describe-instance-attribute",
                              req={"instanceId": "i-0e1f2a3b4c5d6e7f8", "attribute": "instanceType"}, read_only=True))
        # key lifecycle handled by the security automation role (excluded by case 28)
        out.append(cloudtrail(t + dt.timedelta(hours=3), "kms.amazonaws.com", "DisableKey",
                              assumed("security-automation", "rotate-stale-keys"), "lambda.amazonaws.com", "AWS Internal",
                              req={"keyId": "arn:aws:kms:us-east-1:%s:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0" % ACCOUNT}))
        out.append(cloudtrail(t + dt.timedelta(hours=3, minutes=1), "kms.amazonaws.com", "EnableKeyRotation",
                              iam_user(ADMIN), office_ips[1], console,
                              req={"keyId": "4f0c2a1e-9d7b-4c33-8e21-5b6a7c8d9e0f"}))
    if day == 11:
        t = day_time(day, 13, 15)
        out.append(cloudtrail(t, "iam.amazonaws.com", "AttachRolePolicy", iam_user(ADMIN), office_ips[1], console,
                              req={"roleName": "billing-app",
                                   "policyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}))
        out.append(cloudtrail(t + dt.timedelta(minutes=7), "s3.amazonaws.com", "PutBucketPolicy", iam_user(ADMIN),
                              office_ips[1], console,
                              req={"bucketName": "acme-artifacts", "Host": "acme-artifacts.s3.amazonaws.com",
                                   "bucketPolicy": {"Version": "2012-10-17", "Statement": [
                                       {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*",
                                        "Action": "s3:*", "Resource": "arn:aws:s3:::acme-artifacts/*",
                                        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}))


def main():
    out = []
    for day in (9, 10, 11):
        gen_day(day, out)

    def key(e):
        return e.get("TimeGenerated") or e.get("eventTime")
    out.sort(key=key)
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "background"), exist_ok=True)
    path = os.path.join(here, "background", "events.jsonl")
    with open(path, "w", newline="\n") as f:
        for e in out:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print("wrote %d events to %s" % (len(out), path))


if __name__ == "__main__":
    main()
