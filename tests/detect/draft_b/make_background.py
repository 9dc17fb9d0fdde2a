#!/usr/bin/env python3
"""Generate benign background events for the draft_b detection test set.

stdlib only, deterministic (random.Random(23)). Writes background/events.jsonl
next to this script: ~600 ordinary events from a small company between
2026-02-02 and 2026-02-04 (Sysmon, Security, System and AWS CloudTrail).

Run:  python3 make_background.py
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

R = random.Random(23)
SYSMON = "Microsoft-Windows-Sysmon/Operational"
START = datetime(2026, 2, 2, 0, 0, 0, tzinfo=timezone.utc)
SPAN = 3 * 24 * 3600  # 2026-02-02 .. 2026-02-04

WS = {
    "WS01.corp.example": ("alice", "10.0.1.21"),
    "WS02.corp.example": ("bob", "10.0.1.22"),
    "WS03.corp.example": ("carol", "10.0.1.23"),
    "WS04.corp.example": ("dave", "10.0.1.24"),
}
SRV = "SRV01.corp.example"
DC = "DC01.corp.example"
ADMIN = "adm_erin"
ACCOUNT = "111122223333"


def ts():
    # business hours mostly: 07:00-19:00 UTC on one of the three days
    day = R.randrange(3)
    sec = R.randrange(7 * 3600, 19 * 3600) if R.random() < 0.85 else R.randrange(0, 24 * 3600)
    t = START + timedelta(days=day, seconds=sec, milliseconds=R.randrange(1000))
    return t


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def win(t, computer, channel, eid, **fields):
    e = {"TimeGenerated": iso(t), "Computer": computer, "Channel": channel, "EventID": eid}
    e.update(fields)
    return e


def pid():
    return R.randrange(1000, 30000)


def ws():
    host = R.choice(sorted(WS))
    user, ip = WS[host]
    return host, user, ip


PROCS = [
    # image, commandline, parent image, parent cmd, original file name, integrity
    (r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", r"C:\Windows\System32\userinit.exe", r"C:\Windows\system32\userinit.exe", "EXPLORER.EXE", "Medium"),
    (r"C:\Program Files\Google\Chrome\Application\chrome.exe", r'"C:\Program Files\Google\Chrome\Application\chrome.exe"', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "chrome.exe", "Medium"),
    (r"C:\Program Files\Google\Chrome\Application\chrome.exe", r'"C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer --lang=en-US --renderer-client-id=7', r"C:\Program Files\Google\Chrome\Application\chrome.exe", r'"C:\Program Files\Google\Chrome\Application\chrome.exe"', "chrome.exe", "Low"),
    (r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe", r'"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --profile-directory=Default', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "msedge.exe", "Medium"),
    (r"C:\Users\{u}\AppData\Local\Microsoft\Teams\current\Teams.exe", r'"C:\Users\{u}\AppData\Local\Microsoft\Teams\current\Teams.exe" --process-start-args "--system-initiated"', r"C:\Users\{u}\AppData\Local\Microsoft\Teams\Update.exe", r'"C:\Users\{u}\AppData\Local\Microsoft\Teams\Update.exe" --processStart "Teams.exe"', "Teams.exe", "Medium"),
    (r"C:\Users\{u}\AppData\Local\Microsoft\OneDrive\OneDrive.exe", r'"C:\Users\{u}\AppData\Local\Microsoft\OneDrive\OneDrive.exe" /background', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "OneDrive.exe", "Medium"),
    (r"C:\Program Files\Git\cmd\git.exe", r'"C:\Program Files\Git\cmd\git.exe" pull --ff-only', r"C:\Users\{u}\AppData\Local\Programs\Microsoft VS Code\Code.exe", r'"C:\Users\{u}\AppData\Local\Programs\Microsoft VS Code\Code.exe"', "git.exe", "Medium"),
    (r"C:\Program Files\Git\cmd\git.exe", r'"C:\Program Files\Git\cmd\git.exe" status -z -uall', r"C:\Users\{u}\AppData\Local\Programs\Microsoft VS Code\Code.exe", r'"C:\Users\{u}\AppData\Local\Programs\Microsoft VS Code\Code.exe"', "git.exe", "Medium"),
    (r"C:\Users\{u}\AppData\Local\Programs\Microsoft VS Code\Code.exe", r'"C:\Users\{u}\AppData\Local\Programs\Microsoft VS Code\Code.exe"', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "electron.exe", "Medium"),
    (r"C:\Users\{u}\AppData\Local\Programs\Python\Python312\python.exe", r'python.exe -m pytest tests', r"C:\Windows\System32\cmd.exe", r'"C:\Windows\System32\cmd.exe"', "python.exe", "Medium"),
    (r"C:\Users\{u}\AppData\Local\Programs\Python\Python312\python.exe", r'python.exe manage.py runserver', r"C:\Windows\System32\cmd.exe", r'"C:\Windows\System32\cmd.exe"', "python.exe", "Medium"),
    (r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", r'powershell.exe -NoProfile -Command "Get-Process | Sort-Object CPU -Descending | Select-Object -First 10"', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "PowerShell.EXE", "Medium"),
    (r"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", r'"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\{u}\Documents\Q1 plan.docx"', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "WinWord.exe", "Medium"),
    (r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE", r'"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE" "C:\Users\{u}\Documents\budget.xlsx"', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "Excel.exe", "Medium"),
    (r"C:\Windows\System32\notepad.exe", r'"C:\Windows\System32\notepad.exe" C:\Users\{u}\Desktop\notes.txt', r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE", "NOTEPAD.EXE", "Medium"),
]

SVCHOST = [
    r"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule",
    r"C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog",
    r"C:\Windows\System32\svchost.exe -k wsappx -p -s AppXSvc",
    r"C:\Windows\system32\svchost.exe -k netsvcs -p -s BITS",
]

ADMIN_CMDS = ["ipconfig /all", "whoami", "whoami /groups", "ipconfig /flushdns", "hostname"]

DOMAINS = [
    ("www.google.com", "142.250.74.100"), ("login.microsoftonline.com", "20.190.160.20"),
    ("teams.microsoft.com", "52.113.194.132"), ("github.com", "140.82.121.4"),
    ("outlook.office365.com", "52.97.146.162"), ("pypi.org", "151.101.0.223"),
    ("s3.amazonaws.com", "52.216.8.69"), ("update.code.visualstudio.com", "13.107.246.40"),
    ("onedrive.live.com", "13.107.42.13"), ("dc01.corp.example", "10.0.2.5"),
    ("srv01.corp.example", "10.0.2.10"), ("www.bing.com", "204.79.197.200"),
]

SPNS = ["cifs/SRV01.corp.example", "HTTP/intranet.corp.example", "ldap/DC01.corp.example",
        "host/SRV01.corp.example", "MSSQLSvc/SRV01.corp.example:1433"]


def sysmon1(out, n):
    for _ in range(n):
        r = R.random()
        if r < 0.12:
            host = R.choice([SRV, DC] + sorted(WS))
            t = ts()
            out.append(win(t, host, SYSMON, 1, Image=r"C:\Windows\System32\svchost.exe",
                           CommandLine=R.choice(SVCHOST), ParentImage=r"C:\Windows\System32\services.exe",
                           ParentCommandLine=r"C:\Windows\system32\services.exe", User="NT AUTHORITY\\SYSTEM",
                           ProcessId=pid(), CurrentDirectory="C:\\Windows\\system32\\", IntegrityLevel="System",
                           OriginalFileName="svchost.exe"))
        elif r < 0.24:
            host = R.choice([SRV, DC, "WS01.corp.example", "WS03.corp.example"])
            cmd = R.choice(ADMIN_CMDS)
            exe = cmd.split()[0]
            path = r"C:\Windows\System32\%s.exe" % ("HOSTNAME" if exe == "hostname" else exe)
            t = ts()
            out.append(win(t, host, SYSMON, 1, Image=path, CommandLine=cmd,
                           ParentImage=r"C:\Windows\System32\cmd.exe", ParentCommandLine=r'"C:\Windows\system32\cmd.exe"',
                           User="CORP\\" + ADMIN, ProcessId=pid(), CurrentDirectory="C:\\Users\\%s\\" % ADMIN,
                           IntegrityLevel="High", OriginalFileName=exe + ".exe"))
        else:
            host, user, _ = ws()
            img, cmd, pimg, pcmd, ofn, il = R.choice(PROCS)
            t = ts()
            out.append(win(t, host, SYSMON, 1, Image=img.format(u=user), CommandLine=cmd.format(u=user),
                           ParentImage=pimg.format(u=user), ParentCommandLine=pcmd.format(u=user),
                           User="CORP\\" + user, ProcessId=pid(), CurrentDirectory="C:\\Users\\%s\\" % user,
                           IntegrityLevel=il, OriginalFileName=ofn))


def sysmon3(out, n):
    apps = [(r"C:\Program Files\Google\Chrome\Application\chrome.exe", 443),
            (r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe", 443),
            (r"C:\Users\{u}\AppData\Local\Microsoft\Teams\current\Teams.exe", 443),
            (r"C:\Program Files\Git\mingw64\bin\git-remote-https.exe", 443)]
    for _ in range(n):
        host, user, ip = ws()
        if R.random() < 0.2:
            img, dom, dip, port = r"C:\Windows\System32\svchost.exe", "srv01.corp.example", "10.0.2.10", 445
            u = "NT AUTHORITY\\NETWORK SERVICE"
        else:
            img, port = R.choice(apps)
            img = img.format(u=user)
            dom, dip = R.choice(DOMAINS[:9])
            u = "CORP\\" + user
        out.append(win(ts(), host, SYSMON, 3, Image=img, User=u, Protocol="tcp", SourceIp=ip,
                       SourcePort=R.randrange(49152, 65535), DestinationIp=dip, DestinationPort=port,
                       DestinationHostname=dom))


def sysmon10(out, n):
    for _ in range(n):
        host = R.choice(sorted(WS) + [SRV, DC])
        out.append(win(ts(), host, SYSMON, 10,
                       SourceImage=r"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25010.11-0\MsMpEng.exe",
                       TargetImage=r"C:\Windows\system32\lsass.exe", GrantedAccess="0x1000",
                       CallTrace=r"C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e|C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25010.11-0\mpengine.dll+3a5c1e",
                       SourceUser="NT AUTHORITY\\SYSTEM"))


def sysmon11(out, n):
    for _ in range(n):
        host, user, _ = ws()
        c = R.choice([
            (r"C:\Program Files\Google\Chrome\Application\chrome.exe", r"C:\Users\{u}\Downloads\invoice-%d.pdf"),
            (r"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", r"C:\Users\{u}\Documents\~$report-%d.docx"),
            (r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE", r"C:\Users\{u}\Documents\budget-%d.xlsx"),
            (r"C:\Users\{u}\AppData\Local\Microsoft\OneDrive\OneDrive.exe", r"C:\Users\{u}\OneDrive - Corp\Shared\notes-%d.txt"),
            (r"C:\Program Files\Git\mingw64\bin\git.exe", r"C:\Users\{u}\src\app\.git\objects\pack\pack-%d.idx"),
            (r"C:\Users\{u}\AppData\Local\Programs\Python\Python312\python.exe", r"C:\Users\{u}\src\app\__pycache__\views.cpython-312-%d.pyc"),
        ])
        out.append(win(ts(), host, SYSMON, 11, Image=c[0].format(u=user),
                       TargetFilename=(c[1] % R.randrange(100, 999)).format(u=user)))


def sysmon13(out, n):
    for _ in range(n):
        host, user, _ = ws()
        c = R.choice([
            (r"C:\Users\{u}\AppData\Local\Microsoft\OneDrive\OneDrive.exe",
             r"HKU\S-1-5-21-1111111111-2222222222-3333333333-1104\Software\Microsoft\Windows\CurrentVersion\Run\OneDrive",
             r'"C:\Users\{u}\AppData\Local\Microsoft\OneDrive\OneDrive.exe" /background'),
            (r"C:\Users\{u}\AppData\Local\Microsoft\Teams\current\Teams.exe",
             r"HKU\S-1-5-21-1111111111-2222222222-3333333333-1104\Software\Microsoft\Windows\CurrentVersion\Run\com.squirrel.Teams.Teams",
             r'C:\Users\{u}\AppData\Local\Microsoft\Teams\Update.exe --processStart "Teams.exe" --process-start-args "--system-initiated"'),
            (r"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE",
             r"HKU\S-1-5-21-1111111111-2222222222-3333333333-1104\Software\Microsoft\Office\16.0\Word\Options\LastUsedFolder",
             r"C:\Users\{u}\Documents"),
            (r"C:\Windows\explorer.exe",
             r"HKU\S-1-5-21-1111111111-2222222222-3333333333-1104\Software\Microsoft\Windows\CurrentVersion\Explorer\RecentDocs\MRUListEx",
             "Binary Data"),
            (r"C:\Windows\system32\svchost.exe",
             r"HKLM\System\CurrentControlSet\Services\bam\State\UserSettings\S-1-5-21-1111111111-2222222222-3333333333-1104\\Device\HarddiskVolume3\Windows\System32\notepad.exe",
             "Binary Data"),
        ])
        out.append(win(ts(), host, SYSMON, 13, Image=c[0].format(u=user), EventType="SetValue",
                       TargetObject=c[1], Details=c[2].format(u=user)))


def sysmon22(out, n):
    for _ in range(n):
        host, user, _ = ws()
        dom, ip = R.choice(DOMAINS)
        img = R.choice([r"C:\Program Files\Google\Chrome\Application\chrome.exe",
                        r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
                        r"C:\Users\%s\AppData\Local\Microsoft\Teams\current\Teams.exe" % user,
                        r"C:\Windows\System32\svchost.exe"])
        out.append(win(ts(), host, SYSMON, 22, Image=img, QueryName=dom, QueryResults="::ffff:%s;" % ip))


def security(out):
    hosts = sorted(WS)
    # interactive / network logons, logoffs, special privileges
    for _ in range(70):
        host, user, ip = ws()
        lt = R.choice([2, 3, 3, 7, 11])
        tgt = R.choice([host, SRV, DC]) if lt == 3 else host
        t = ts()
        out.append(win(t, tgt, "Security", 4624, TargetUserName=user, TargetDomainName="CORP", LogonType=lt,
                       IpAddress=ip if lt in (3, 10) else "127.0.0.1" if lt in (2, 7, 11) else "-",
                       WorkstationName=host.split(".")[0], Status="0x0", SubStatus="0x0",
                       AuthenticationPackageName="Kerberos" if lt == 3 else "Negotiate"))
        if R.random() < 0.6:
            off = min(t + timedelta(minutes=R.randrange(5, 300)), START + timedelta(seconds=SPAN - 1))
            out.append(win(off, tgt, "Security", 4634,
                           TargetUserName=user, TargetDomainName="CORP", LogonType=lt))
    # admin RDP from the admin's workstation (internal) to servers
    for _ in range(10):
        t = ts()
        tgt = R.choice([SRV, DC])
        out.append(win(t, tgt, "Security", 4624, TargetUserName=ADMIN, TargetDomainName="CORP", LogonType=10,
                       IpAddress="10.0.1.21", WorkstationName="WS01", Status="0x0", SubStatus="0x0",
                       AuthenticationPackageName="Negotiate"))
        out.append(win(t + timedelta(milliseconds=3), tgt, "Security", 4672, SubjectUserName=ADMIN,
                       SubjectDomainName="CORP", PrivilegeList="SeBackupPrivilege\n\t\t\tSeDebugPrivilege\n\t\t\tSeImpersonatePrivilege"))
    # a few password typos, isolated
    for h in hosts:
        user, ip = WS[h]
        t = ts()
        out.append(win(t, h, "Security", 4625, TargetUserName=user, TargetDomainName="CORP", LogonType=2,
                       IpAddress="127.0.0.1", WorkstationName=h.split(".")[0], Status="0xc000006d",
                       SubStatus="0xc000006a", AuthenticationPackageName="Negotiate"))
        out.append(win(t + timedelta(seconds=9), h, "Security", 4624, TargetUserName=user, TargetDomainName="CORP",
                       LogonType=2, IpAddress="127.0.0.1", WorkstationName=h.split(".")[0], Status="0x0",
                       SubStatus="0x0", AuthenticationPackageName="Negotiate"))
    out.append(win(ts(), SRV, "Security", 4625, TargetUserName=ADMIN, TargetDomainName="CORP", LogonType=10,
                   IpAddress="10.0.1.21", WorkstationName="WS01", Status="0xc000006d", SubStatus="0xc000006a",
                   AuthenticationPackageName="Negotiate"))
    # 4688 process creations on the servers
    for _ in range(30):
        host = R.choice([SRV, DC])
        c = R.choice([(r"C:\Windows\System32\ipconfig.exe", "ipconfig /all", ADMIN),
                      (r"C:\Windows\System32\whoami.exe", "whoami /groups", ADMIN),
                      (r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "powershell.exe -Command Get-Process", ADMIN),
                      (r"C:\Windows\System32\svchost.exe", r"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule", host.split(".")[0] + "$"),
                      (r"C:\Windows\System32\gpupdate.exe", "gpupdate /force", ADMIN)])
        parent = r"C:\Windows\System32\services.exe" if c[0].endswith("svchost.exe") else r"C:\Windows\System32\cmd.exe"
        out.append(win(ts(), host, "Security", 4688, NewProcessName=c[0], CommandLine=c[1],
                       ParentProcessName=parent, SubjectUserName=c[2]))
    # 4769 normal Kerberos service tickets (AES)
    for _ in range(45):
        host, user, ip = ws()
        out.append(win(ts(), DC, "Security", 4769, TargetUserName=user + "@CORP.EXAMPLE",
                       ServiceName=R.choice(["SRV01$", "DC01$", "svc_intranet", "krbtgt"]),
                       TicketEncryptionType="0x12", IpAddress="::ffff:" + ip, Status="0x0"))


def system(out):
    t = START + timedelta(days=1, hours=10, minutes=14, seconds=2)
    out.append(win(t, SRV, "System", 7045, ServiceName="Backup Agent",
                   ImagePath=r'"C:\Program Files\Contoso Backup\BackupAgent.exe" --service',
                   ServiceType="user mode service", StartType="auto start", AccountName="LocalSystem"))
    t = START + timedelta(days=2, hours=9, minutes=3, seconds=41)
    out.append(win(t, "WS02.corp.example", "System", 7045, ServiceName="Google Chrome Elevation Service (GoogleChromeElevationService)",
                   ImagePath=r'"C:\Program Files\Google\Chrome\Application\133.0.6943.60\elevation_service.exe"',
                   ServiceType="user mode service", StartType="demand start", AccountName="LocalSystem"))


def ct(t, source, name, ident, params=None, resp=None, extra=None, ip="198.51.100.20", ua="aws-cli/2.15.30 Python/3.11.8", region="eu-west-1"):
    r = {"eventVersion": "1.09", "eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": source,
         "eventName": name, "awsRegion": region, "sourceIPAddress": ip, "userAgent": ua,
         "userIdentity": ident, "requestParameters": params, "responseElements": resp,
         "eventID": "%08x-%04x-4%03x-a%03x-%012x" % (R.getrandbits(32), R.getrandbits(16), R.getrandbits(12), R.getrandbits(12), R.getrandbits(48)),
         "eventType": "AwsApiCall", "recipientAccountId": ACCOUNT}
    if extra is not None:
        r["additionalEventData"] = extra
    return r


def iam_user(name):
    return {"type": "IAMUser", "arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name), "userName": name, "accountId": ACCOUNT}


def role(name, sess):
    return {"type": "AssumedRole", "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, name, sess),
            "userName": name, "accountId": ACCOUNT}


def cloud(out):
    people = ["alice", "bob", "adm_erin"]
    for _ in range(30):
        out.append(ct(ts(), "ec2.amazonaws.com", "DescribeInstances", R.choice([iam_user(R.choice(people)), role("ops-readonly", "grafana")]),
                      params={"instancesSet": {}, "filterSet": {}}, ip=R.choice(["198.51.100.20", "10.0.2.10"])))
    for _ in range(30):
        out.append(ct(ts(), "s3.amazonaws.com", "GetObject", role("app-server", "i-0abc1234def567890"),
                      params={"bucketName": "corp-app-assets", "key": "static/logo-%d.png" % R.randrange(10), "Host": "corp-app-assets.s3.eu-west-1.amazonaws.com"},
                      ip="10.0.2.10", ua="[aws-sdk-python/1.34.50]"))
    for _ in range(10):
        out.append(ct(ts(), "s3.amazonaws.com", "ListBuckets", iam_user(R.choice(people)),
                      params={"Host": "s3.eu-west-1.amazonaws.com"}))
    for _ in range(20):
        svc = R.choice(["lambda.amazonaws.com", "ec2.amazonaws.com"])
        out.append(ct(ts(), "sts.amazonaws.com", "AssumeRole",
                      {"type": "AWSService", "invokedBy": svc},
                      params={"roleArn": "arn:aws:iam::%s:role/app-server" % ACCOUNT, "roleSessionName": "i-0abc1234def567890"},
                      resp={"assumedRoleUser": {"arn": "arn:aws:sts::%s:assumed-role/app-server/i-0abc1234def567890" % ACCOUNT}},
                      ip=svc, ua=svc))
    for _ in range(8):
        u = R.choice(people)
        r = ct(ts(), "signin.amazonaws.com", "ConsoleLogin", iam_user(u), params=None,
               resp={"ConsoleLogin": "Success"},
               extra={"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes"},
               ip="203.0.113.10", ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
               region="us-east-1")
        r["eventType"] = "AwsConsoleSignIn"
        out.append(r)


def main():
    out = []
    sysmon1(out, 150)
    sysmon3(out, 60)
    sysmon10(out, 12)
    sysmon11(out, 35)
    sysmon13(out, 20)
    sysmon22(out, 50)
    security(out)
    system(out)
    cloud(out)

    def key(e):
        return e.get("TimeGenerated") or e.get("eventTime")
    out.sort(key=key)
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "background"), exist_ok=True)
    with open(os.path.join(here, "background", "events.jsonl"), "w", newline="\n") as f:
        for e in out:
            f.write(json.dumps(e) + "\n")
    print("wrote %d events" % len(out))


if __name__ == "__main__":
    main()
