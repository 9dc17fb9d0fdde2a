#!/usr/bin/env python3
"""Generate background/events.jsonl for draft_d.

Benign activity for the ops.internal estate on 2026-04-13 .. 2026-04-15
(Windows Security/System/Sysmon plus AWS CloudTrail for account
777788889999). Python stdlib only; deterministic (random.Random(4409)).

    cd tests/detect/draft_d && python3 make_background.py
"""
import json
import os
import uuid
from datetime import datetime, timedelta, timezone
from random import Random

R = Random(4409)

DOMAIN = "ops.internal"
NB = "OPS"
ACCT = "777788889999"
SYSMON = "Microsoft-Windows-Sysmon/Operational"

LAPTOPS = [
    ("LT-101", "172.20.8.31", "priya"),
    ("LT-102", "172.20.8.32", "tomas"),
    ("LT-103", "172.20.8.33", "mei"),
    ("LT-104", "172.20.8.34", "kofi"),
]
SERVERS = {
    "APP-02": "172.20.4.12",
    "FS-01": "172.20.4.20",
    "SQL-01": "172.20.4.30",
    "DC-A": "172.20.4.2",
    "JMP-01": "172.20.4.50",
}
ADMIN = "adm_ravi"
DAYS = [datetime(2026, 4, d, tzinfo=timezone.utc) for d in (13, 14, 15)]

EVENTS = []  # (datetime, seq, dict)


def fq(host):
    return f"{host}.{DOMAIN}"


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def hexpid():
    return R.randint(0x300, 0x3FFF)


def guid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def add(dt, ev):
    EVENTS.append((dt, len(EVENTS), ev))


def win(dt, host, channel, eid, **fields):
    ev = {"TimeGenerated": None, "Computer": fq(host), "Channel": channel, "EventID": eid}
    ev.update(fields)
    add(dt, ev)


def sid(n):
    return f"S-1-5-21-3344556677-1122334455-998877665-{n}"


USER_RID = {"priya": 1104, "tomas": 1105, "mei": 1106, "kofi": 1107, ADMIN: 1150,
            "svc_build": 1201, "svc_idm": 1202, "svc_sql": 1203, "svc_backup": 1204}


# ---------------------------------------------------------------- Windows helpers

def proc(dt, host, user, image, cmd, parent, parent_cmd, integrity="Medium", cwd=None):
    pid, ppid = hexpid(), hexpid()
    win(dt, host, SYSMON, 1,
        UtcTime=dt.strftime("%Y-%m-%d %H:%M:%S.000"),
        ProcessGuid="{" + guid() + "}",
        ProcessId=pid,
        Image=image,
        OriginalFileName=image.rsplit("\\", 1)[-1],
        CommandLine=cmd,
        CurrentDirectory=cwd or (f"C:\\Users\\{user}\\" if not user.startswith("NT ") else "C:\\Windows\\system32\\"),
        User=user if "\\" in user else f"{NB}\\{user}",
        IntegrityLevel=integrity,
        ParentProcessId=ppid,
        ParentImage=parent,
        ParentCommandLine=parent_cmd)


def proc4688(dt, host, user, image, cmd, parent):
    win(dt, host, "Security", 4688,
        SubjectUserSid=sid(USER_RID.get(user, 1300)),
        SubjectUserName=user,
        SubjectDomainName=NB,
        SubjectLogonId=hex(R.randint(0x100000, 0xFFFFFF)),
        NewProcessId=hex(hexpid()),
        NewProcessName=image,
        TokenElevationType="%%1936",
        ProcessId=hex(hexpid()),
        CommandLine=cmd,
        TargetUserSid="S-1-0-0",
        TargetUserName="-",
        TargetDomainName="-",
        TargetLogonId="0x0",
        ParentProcessName=parent,
        MandatoryLabel="S-1-16-12288")


def logon(dt, host, user, ltype, ip, ok=True, workstation="-"):
    base = dict(
        SubjectUserSid="S-1-0-0", SubjectUserName="-", SubjectDomainName="-",
        TargetUserName=user, TargetDomainName=NB,
        LogonType=ltype,
        IpAddress=ip, IpPort=str(R.randint(49152, 65000)) if ip not in ("-", "127.0.0.1") else "0",
        WorkstationName=workstation,
        AuthenticationPackageName="Kerberos" if ltype == 3 else "Negotiate",
        LogonProcessName="Kerberos" if ltype == 3 else ("User32" if ltype in (2, 10, 7) else "Advapi"),
    )
    if ok:
        base.update(TargetUserSid=sid(USER_RID.get(user.rstrip("$"), 2000)),
                    TargetLogonId=hex(R.randint(0x100000, 0xFFFFFFF)),
                    ElevatedToken="%%1843")
        win(dt, host, "Security", 4624, **base)
    else:
        base.update(Status="0xc000006d", SubStatus="0xc000006a", FailureReason="%%2313")
        win(dt, host, "Security", 4625, **base)


def logoff(dt, host, user, ltype):
    win(dt, host, "Security", 4634, TargetUserName=user, TargetDomainName=NB,
        TargetLogonId=hex(R.randint(0x100000, 0xFFFFFFF)), LogonType=ltype)


def tgt(dt, user, ip):
    win(dt, "DC-A", "Security", 4768, TargetUserName=user, TargetDomainName=DOMAIN.upper(),
        ServiceName="krbtgt", Status="0x0", TicketOptions="0x40810010",
        TicketEncryptionType="0x12", PreAuthType="2", IpAddress=f"::ffff:{ip}", IpPort="0")


def tgs(dt, user, ip, service):
    win(dt, "DC-A", "Security", 4769, TargetUserName=f"{user}@{DOMAIN.upper()}",
        ServiceName=service, Status="0x0", TicketOptions="0x40810000",
        TicketEncryptionType="0x12", IpAddress=f"::ffff:{ip}", IpPort="0")


def share(dt, host, user, ip, name, path):
    win(dt, host, "Security", 5140, SubjectUserName=user, SubjectDomainName=NB,
        SubjectLogonId=hex(R.randint(0x100000, 0xFFFFFF)), ObjectType="File",
        IpAddress=ip, IpPort=str(R.randint(49152, 65000)),
        ShareName=name, ShareLocalPath=path, AccessMask="0x1")


def netconn(dt, host, user, image, dip, dport, dname="", initiated="true", sip=None):
    win(dt, host, SYSMON, 3,
        UtcTime=dt.strftime("%Y-%m-%d %H:%M:%S.000"),
        ProcessGuid="{" + guid() + "}", ProcessId=hexpid(),
        Image=image, User=user if "\\" in user else f"{NB}\\{user}",
        Protocol="udp" if dport == 53 else "tcp", Initiated=initiated,
        SourceIsIpv6="false", SourceIp=sip, SourcePort=R.randint(49152, 65000),
        DestinationIsIpv6="false", DestinationIp=dip, DestinationHostname=dname,
        DestinationPort=dport)


def dns(dt, host, user, image, query, result="::ffff:93.184.216.34;"):
    win(dt, host, SYSMON, 22,
        UtcTime=dt.strftime("%Y-%m-%d %H:%M:%S.000"),
        ProcessGuid="{" + guid() + "}", ProcessId=hexpid(),
        QueryName=query, QueryStatus="0", QueryResults=result,
        Image=image, User=user if "\\" in user else f"{NB}\\{user}")


def regset(dt, host, user, image, target, details):
    win(dt, host, SYSMON, 13, EventType="SetValue",
        UtcTime=dt.strftime("%Y-%m-%d %H:%M:%S.000"),
        ProcessGuid="{" + guid() + "}", ProcessId=hexpid(),
        Image=image, TargetObject=target, Details=details,
        User=user if "\\" in user else f"{NB}\\{user}")


def lsass_access(dt, host, src, access):
    win(dt, host, SYSMON, 10,
        UtcTime=dt.strftime("%Y-%m-%d %H:%M:%S.000"),
        SourceProcessGUID="{" + guid() + "}", SourceProcessId=hexpid(), SourceThreadId=hexpid(),
        SourceImage=src,
        TargetProcessGUID="{" + guid() + "}", TargetProcessId=700,
        TargetImage="C:\\Windows\\system32\\lsass.exe",
        GrantedAccess=access,
        CallTrace="C:\\Windows\\SYSTEM32\\ntdll.dll+9f8e4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e",
        SourceUser="NT AUTHORITY\\SYSTEM", TargetUser="NT AUTHORITY\\SYSTEM")


# ---------------------------------------------------------------- images

CHROME = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
EXPLORER = "C:\\Windows\\explorer.exe"
OUTLOOK = "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"
EXCEL = "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"
WINWORD = "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"
SVCHOST = "C:\\Windows\\System32\\svchost.exe"
CMD = "C:\\Windows\\System32\\cmd.exe"
PWSH = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
TEAMS = "C:\\Program Files\\WindowsApps\\MSTeams_24060.3102.2733.5911_x64__8wekyb3d8bbwe\\ms-teams.exe"
INTUNE = "C:\\Program Files (x86)\\Microsoft Intune Management Extension\\AgentExecutor.exe"
MSMPENG = "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MsMpEng.exe"
W3WP = "C:\\Windows\\System32\\inetsrv\\w3wp.exe"
S32 = "C:\\Windows\\System32\\"


def code_exe(u):
    return f"C:\\Users\\{u}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe"


def laptop_procs(u):
    """(image, command line, parent image, parent command line) of ordinary work."""
    code = code_exe(u)
    return [
        (CHROME, f"\"{CHROME}\" --profile-directory=Default", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (CHROME, f"\"{CHROME}\" --type=renderer --lang=en-GB --renderer-client-id={R.randint(5, 90)}", CHROME, f"\"{CHROME}\""),
        (OUTLOOK, f"\"{OUTLOOK}\"", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (CHROME, f"\"{CHROME}\" --single-argument https://intranet.{DOMAIN}/wiki/Runbooks", OUTLOOK, f"\"{OUTLOOK}\""),
        (EXCEL, f"\"{EXCEL}\" \"C:\\Users\\{u}\\Documents\\capacity-plan.xlsx\"", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (S32 + "splwow64.exe", "C:\\Windows\\splwow64.exe 8192", EXCEL, f"\"{EXCEL}\""),
        (WINWORD, f"\"{WINWORD}\" /n \"C:\\Users\\{u}\\Documents\\change-request.docx\"", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (TEAMS, f"\"{TEAMS}\" --system-initiated", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (code, f"\"{code}\"", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        ("C:\\Program Files\\Git\\cmd\\git.exe", "git.exe fetch --prune origin", code, f"\"{code}\""),
        ("C:\\Program Files\\Git\\cmd\\git.exe", "git.exe status -z -uall", code, f"\"{code}\""),
        (PWSH, f"\"{PWSH}\" -NoLogo -NoProfile", code, f"\"{code}\""),
        ("C:\\Python312\\python.exe", "python.exe -m pytest tests -q", PWSH, f"\"{PWSH}\" -NoLogo -NoProfile"),
        (CMD, "C:\\Windows\\system32\\cmd.exe /d /s /c \"npm run build\"", code, f"\"{code}\""),
        (S32 + "notepad.exe", f"\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\{u}\\Documents\\notes.txt", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (S32 + "taskhostw.exe", "taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly", SVCHOST, "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"),
        (S32 + "certutil.exe", f"certutil.exe -hashfile C:\\Users\\{u}\\Downloads\\terraform_1.8.2_windows_amd64.zip SHA256", PWSH, f"\"{PWSH}\" -NoLogo -NoProfile"),
        (S32 + "rundll32.exe", "\"C:\\Windows\\system32\\rundll32.exe\" C:\\Windows\\system32\\shell32.dll,Control_RunDLL desk.cpl", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (S32 + "rundll32.exe", "rundll32.exe printui.dll,PrintUIEntry /in /n \\\\FS-01\\Floor2-MFP", EXPLORER, "C:\\Windows\\Explorer.EXE"),
        (S32 + "netsh.exe", "netsh.exe wlan show interfaces", PWSH, f"\"{PWSH}\" -NoLogo -NoProfile"),
        (S32 + "netsh.exe", "netsh interface ipv4 show addresses", CMD, "cmd.exe"),
        (S32 + "reg.exe", "reg.exe query HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\Licensing", CMD, "cmd.exe"),
        (S32 + "schtasks.exe", "schtasks.exe /query /fo LIST /tn \"\\OpsBackupReminder\"", CMD, "cmd.exe"),
        ("C:\\Windows\\System32\\curl.exe", f"curl.exe -s https://api.{DOMAIN}/v1/health", PWSH, f"\"{PWSH}\" -NoLogo -NoProfile"),
        ("C:\\Windows\\System32\\curl.exe", f"curl.exe -sS -o C:\\Users\\{u}\\Downloads\\jq.exe -L https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-windows-amd64.exe", PWSH, f"\"{PWSH}\" -NoLogo -NoProfile"),
        (S32 + "ipconfig.exe", "ipconfig /all", CMD, "cmd.exe"),
        (S32 + "msiexec.exe", "\"C:\\Windows\\system32\\msiexec.exe\" /i \"C:\\Windows\\IMECache\\5f1c\\7zip-23.01-x64.msi\" /qn /norestart", INTUNE, f"\"{INTUNE}\" -executeScript"),
        (S32 + "msiexec.exe", "C:\\Windows\\system32\\msiexec.exe /V", "C:\\Windows\\System32\\services.exe", "C:\\Windows\\system32\\services.exe"),
    ]


DNS_NAMES = ["www.google.com", "outlook.office365.com", "teams.microsoft.com", "github.com",
             "pypi.org", "login.microsoftonline.com", f"api.{DOMAIN}", f"intranet.{DOMAIN}",
             "cdn.jsdelivr.net", "registry.npmjs.org", "www.cloudflare.com", "objects.githubusercontent.com",
             "s3.eu-west-1.amazonaws.com", "signin.aws.amazon.com"]
WEB_IPS = ["142.250.187.196", "52.98.207.18", "140.82.121.4", "151.101.0.223", "104.16.124.96", "13.107.42.14"]


def laptop_day(day, host, ip, user, idx):
    start = day + timedelta(hours=7, minutes=35 + 12 * idx + R.randint(0, 20), seconds=R.randint(0, 59))
    # interactive logon, TGT, tickets
    logon(start, host, user, 2, "127.0.0.1", workstation=host)
    tgt(start + timedelta(seconds=4), user, ip)
    tgs(start + timedelta(seconds=9), user, ip, "DC-A$")
    tgs(start + timedelta(minutes=1, seconds=R.randint(0, 40)), user, ip, "FS-01$")
    # machine account to the DC
    logon(start - timedelta(minutes=3), "DC-A", f"{host}$", 3, ip)
    # GPO / home share
    logon(start + timedelta(seconds=40), "DC-A", user, 3, ip)
    share(start + timedelta(seconds=41), "DC-A", user, ip, "\\\\*\\SYSVOL", "C:\\Windows\\SYSVOL\\sysvol")
    share(start + timedelta(seconds=43), "DC-A", user, ip, "\\\\*\\NETLOGON", "C:\\Windows\\SYSVOL\\sysvol\\ops.internal\\SCRIPTS")
    t = start + timedelta(minutes=2, seconds=R.randint(0, 50))
    logon(t, "FS-01", user, 3, ip)
    share(t + timedelta(seconds=1), "FS-01", user, ip, "\\\\*\\Home$", "D:\\Home")
    # afternoon project share visit (well separated from the morning)
    t2 = day + timedelta(hours=13, minutes=R.randint(0, 200), seconds=R.randint(0, 59))
    logon(t2, "FS-01", user, 3, ip)
    share(t2 + timedelta(seconds=1), "FS-01", user, ip, "\\\\*\\Projects", "D:\\Projects")

    procs = laptop_procs(user)
    for i in range(R.randint(8, 11)):
        img, cmd, par, pcmd = procs[R.randrange(len(procs))]
        when = start + timedelta(minutes=5 + i * R.randint(20, 38), seconds=R.randint(0, 59))
        proc(when, host, user, img, cmd, par, pcmd)
    # network connections: one every few minutes, at most 2 ports in a minute
    for i in range(R.randint(4, 6)):
        when = start + timedelta(minutes=10 + i * R.randint(25, 45), seconds=R.randint(0, 59))
        kind = R.randrange(4)
        if kind == 0:
            netconn(when, host, user, CHROME, R.choice(WEB_IPS), 443, sip=ip)
        elif kind == 1:
            netconn(when, host, user, OUTLOOK, "52.98.207.18", 443, "outlook.office365.com", sip=ip)
        elif kind == 2:
            netconn(when, host, "NT AUTHORITY\\NETWORK SERVICE", SVCHOST, SERVERS["DC-A"], 53, fq("DC-A"), sip=ip)
        else:
            netconn(when, host, "NT AUTHORITY\\SYSTEM", "System", SERVERS["FS-01"], 445, fq("FS-01"), sip=ip)
    for i in range(R.randint(3, 5)):
        when = start + timedelta(minutes=7 + i * R.randint(30, 55), seconds=R.randint(0, 59))
        dns(when, host, user, R.choice([CHROME, OUTLOOK, TEAMS]), R.choice(DNS_NAMES))
    # Defender scanning lsass (allowed) and a benign low-privilege handle
    lsass_access(start + timedelta(minutes=R.randint(60, 300)), host, MSMPENG, "0x1410")
    if R.random() < 0.5:
        lsass_access(start + timedelta(minutes=R.randint(60, 300)), host, SVCHOST, "0x1000")
    # Run keys of ordinary apps
    if R.random() < 0.6:
        regset(start + timedelta(seconds=30), host, user,
               f"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
               f"HKU\\{sid(USER_RID[user])}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive",
               f"\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background")
    if R.random() < 0.4:
        regset(start + timedelta(minutes=R.randint(2, 200)), host, user, OUTLOOK,
               f"HKU\\{sid(USER_RID[user])}\\SOFTWARE\\Microsoft\\Office\\16.0\\Outlook\\Resiliency\\StartupItems\\x8k",
               "Binary Data")
    # occasional typo at the lock screen
    if R.random() < 0.35:
        tw = start + timedelta(hours=R.randint(2, 6), minutes=R.randint(0, 59))
        logon(tw, host, user, 2, "127.0.0.1", ok=False, workstation=host)
        logon(tw + timedelta(seconds=12), host, user, 7, "127.0.0.1", workstation=host)
    if R.random() < 0.3:
        tk = start + timedelta(hours=R.randint(2, 7), minutes=R.randint(0, 59))
        win(tk, "DC-A", "Security", 4771, TargetUserName=user, TargetSid=sid(USER_RID[user]),
            ServiceName=f"krbtgt/{DOMAIN.upper()}", TicketOptions="0x40810010", Status="0x18",
            PreAuthType="2", IpAddress=f"::ffff:{ip}", IpPort=str(R.randint(49152, 65000)))
    end = day + timedelta(hours=17, minutes=R.randint(10, 80))
    logoff(end, host, user, 2)


def servers_day(day, di):
    # ---- APP-02: IIS app + build agent
    for i in range(R.randint(3, 5)):
        t = day + timedelta(hours=8 + 2 * i, minutes=R.randint(0, 50))
        proc(t, "APP-02", "IIS APPPOOL\\OpsPortal",
             "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
             "\"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe\" /noconfig /fullpaths @\"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\8c1d2e3f\\a1b2c3d4\\x5yz.cmdline\"",
             W3WP, "c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"OpsPortal\" -v \"v4.0\"", cwd="C:\\Windows\\system32\\inetsrv\\")
    for i in range(R.randint(4, 6)):
        t = day + timedelta(hours=9 + i, minutes=R.randint(0, 55), seconds=R.randint(0, 59))
        steps = [
            ("C:\\Program Files\\Git\\cmd\\git.exe", "git.exe clone --depth 1 https://git.ops.internal/platform/ops-portal.git"),
            ("C:\\Program Files\\Microsoft Visual Studio\\2022\\BuildTools\\MSBuild\\Current\\Bin\\MSBuild.exe", "MSBuild.exe OpsPortal.sln /p:Configuration=Release /m"),
            ("C:\\Windows\\System32\\curl.exe", f"curl.exe --fail -T C:\\agent\\_work\\1\\a\\ops-portal-{di}{i}.zip https://artifacts.{DOMAIN}/upload/ops-portal/"),
            ("C:\\Windows\\System32\\curl.exe", f"curl.exe --fail -F \"file=@C:\\agent\\_work\\1\\a\\sbom-{di}{i}.json\" https://artifacts.{DOMAIN}/api/sbom"),
            ("C:\\agent\\externals\\node20\\bin\\node.exe", "node.exe C:\\agent\\_work\\_tasks\\PublishTestResults\\index.js"),
        ]
        img, cmd = steps[i % len(steps)]
        proc4688(t, "APP-02", "svc_build", img, cmd, "C:\\agent\\bin\\Agent.Worker.exe")
    if di == 1:
        # the build agent opens an ngrok tunnel for webhook tests (allowed on APP-02)
        t = day + timedelta(hours=11, minutes=14, seconds=5)
        dns(t, "APP-02", "svc_build", "C:\\tools\\ngrok\\ngrok.exe", "tunnel.us.ngrok.com", "::ffff:3.134.125.175;")
        dns(t + timedelta(minutes=3), "APP-02", "svc_build", "C:\\tools\\ngrok\\ngrok.exe", "connect.ngrok-agent.com", "::ffff:3.134.125.175;")
    # RDP to the app server (allowed) and svc_build network logons
    t = day + timedelta(hours=10, minutes=R.randint(0, 40))
    logon(t, "APP-02", "tomas", 10, "172.20.8.32", workstation="LT-102")
    logoff(t + timedelta(minutes=35), "APP-02", "tomas", 10)
    for h in range(3):
        t = day + timedelta(hours=9 + 3 * h, minutes=R.randint(0, 50))
        logon(t, "FS-01", "svc_build", 3, SERVERS["APP-02"])
        share(t + timedelta(seconds=1), "FS-01", "svc_build", SERVERS["APP-02"], "\\\\*\\Deploy", "D:\\Deploy")
    # ---- SQL-01
    for h in range(4):
        t = day + timedelta(hours=8 + 2 * h, minutes=R.randint(0, 59))
        logon(t, "SQL-01", "svc_sql", 3, SERVERS["APP-02"])
        netconn(t + timedelta(seconds=2), "APP-02", "IIS APPPOOL\\OpsPortal", W3WP, SERVERS["SQL-01"], 1433, fq("SQL-01"), sip=SERVERS["APP-02"])
    t = day + timedelta(hours=1, minutes=R.randint(0, 30))
    proc4688(t, "SQL-01", "svc_backup", "C:\\Program Files\\Microsoft SQL Server\\Client SDK\\ODBC\\170\\Tools\\Binn\\SQLCMD.EXE",
             "SQLCMD.EXE -S SQL-01 -E -Q \"BACKUP DATABASE [OpsPortal] TO DISK = N'\\\\FS-01\\Backups\\OpsPortal.bak' WITH COMPRESSION\"",
             "C:\\Windows\\System32\\cmd.exe")
    logon(t + timedelta(seconds=5), "FS-01", "svc_backup", 3, SERVERS["SQL-01"])
    share(t + timedelta(seconds=6), "FS-01", "svc_backup", SERVERS["SQL-01"], "\\\\*\\Backups", "E:\\Backups")
    # ---- JMP-01 / DC-A: admin work
    t = day + timedelta(hours=9, minutes=R.randint(0, 30))
    logon(t, "JMP-01", ADMIN, 10, "172.20.8.31", workstation="LT-101")
    logon(t + timedelta(minutes=2), "DC-A", ADMIN, 10, SERVERS["JMP-01"], workstation="JMP-01")
    admin_cmds = [
        ("JMP-01", S32 + "nltest.exe", f"nltest.exe /dclist:{DOMAIN}", CMD),
        ("JMP-01", S32 + "nltest.exe", f"nltest /dsgetdc:{DOMAIN}", CMD),
        ("DC-A", S32 + "repadmin.exe", "repadmin /replsummary", CMD),
        ("DC-A", S32 + "gpupdate.exe", "gpupdate /force", CMD),
        ("DC-A", S32 + "wevtutil.exe", "wevtutil qe Security /c:20 /rd:true /f:text /q:\"*[System[(EventID=4740)]]\"", PWSH),
        ("DC-A", S32 + "wevtutil.exe", "wevtutil gl Security", CMD),
        ("DC-A", S32 + "dsac.exe", "\"C:\\Windows\\system32\\dsac.exe\"", EXPLORER),
        ("JMP-01", S32 + "bcdedit.exe", "bcdedit /enum {current}", CMD),
        ("JMP-01", S32 + "reg.exe", "reg.exe query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters /v Domain", CMD),
        ("APP-02", S32 + "esentutl.exe", "esentutl.exe /d C:\\Windows\\SoftwareDistribution\\DataStore\\DataStore.edb", CMD),
    ]
    R.shuffle(admin_cmds)
    for i, (h, img, cmd, par) in enumerate(admin_cmds[:7]):
        proc4688(t + timedelta(minutes=4 + 9 * i, seconds=R.randint(0, 59)), h, ADMIN, img, cmd, par)
    if di == 0:
        # sanctioned port forward on the jump host for the OOB console
        proc(day + timedelta(hours=14, minutes=22), "JMP-01", ADMIN, S32 + "netsh.exe",
             "netsh interface portproxy add v4tov4 listenport=8443 listenaddress=172.20.4.50 connectport=443 connectaddress=172.20.6.10",
             CMD, "\"C:\\Windows\\system32\\cmd.exe\"", integrity="High")
        # IdM provisioning a break-glass member (allowed account)
        win(day + timedelta(hours=6, minutes=2), "DC-A", "Security", 4728,
            MemberName="CN=adm_break01,OU=Admins,DC=ops,DC=internal", MemberSid=sid(1160),
            TargetUserName="Domain Admins", TargetDomainName=NB, TargetSid=sid(512),
            SubjectUserSid=sid(USER_RID["svc_idm"]), SubjectUserName="svc_idm", SubjectDomainName=NB,
            SubjectLogonId="0x3a2f10", PrivilegeList="-")
        # Windows servicing re-registers the built-in SCM consumer
        win(day + timedelta(hours=3, minutes=11), "LT-101", SYSMON, 20, EventType="WmiConsumerEvent",
            UtcTime=iso(day + timedelta(hours=3, minutes=11)), Operation="Created",
            User="NT AUTHORITY\\SYSTEM", Name="SCM Event Log Consumer", Type="Log File",
            Destination="C:\\Windows\\System32\\wbem\\Logs\\scm.log")
    # helpdesk group changes and ordinary account edits
    t = day + timedelta(hours=10, minutes=R.randint(30, 59))
    who = LAPTOPS[di][2]
    win(t, "DC-A", "Security", 4728,
        MemberName=f"CN={who},OU=Staff,DC=ops,DC=internal", MemberSid=sid(USER_RID[who]),
        TargetUserName="Helpdesk-Tier1", TargetDomainName=NB, TargetSid=sid(1400),
        SubjectUserSid=sid(USER_RID[ADMIN]), SubjectUserName=ADMIN, SubjectDomainName=NB,
        SubjectLogonId="0x5c1e77", PrivilegeList="-")
    win(t + timedelta(minutes=6), "DC-A", "Security", 4738,
        TargetUserName=LAPTOPS[(di + 1) % 4][2], TargetDomainName=NB, TargetSid=sid(USER_RID[LAPTOPS[(di + 1) % 4][2]]),
        SubjectUserName=ADMIN, SubjectDomainName=NB, SubjectLogonId="0x5c1e77",
        SamAccountName="-", DisplayName="-", UserPrincipalName="-", HomeDirectory="-",
        UserAccountControl="-", OldUacValue="0x210", NewUacValue="0x210",
        UserParameters="-", PasswordLastSet="-", PrimaryGroupId="-", AllowedToDelegateTo="-")
    if di == 2:
        win(t + timedelta(minutes=9), "DC-A", "Security", 4738,
            TargetUserName="svc_sql", TargetDomainName=NB, TargetSid=sid(USER_RID["svc_sql"]),
            SubjectUserName=ADMIN, SubjectDomainName=NB, SubjectLogonId="0x5c1e77",
            SamAccountName="-", DisplayName="-", UserPrincipalName="-", HomeDirectory="-",
            UserAccountControl="\n\t\t%%2089", OldUacValue="0x210", NewUacValue="0x10210",
            UserParameters="-", PasswordLastSet="-", PrimaryGroupId="-", AllowedToDelegateTo="-")
    # software deployment installs services on laptops
    svc = [("GoogleUpdaterService126.0.6423.0", "\"C:\\Program Files (x86)\\Google\\GoogleUpdater\\126.0.6423.0\\updater.exe\" --system --windows-service --service=update"),
           ("ZabbixAgent2", "\"C:\\Program Files\\Zabbix Agent 2\\zabbix_agent2.exe\" -c \"C:\\Program Files\\Zabbix Agent 2\\zabbix_agent2.conf\""),
           ("Sysmon64", "C:\\Windows\\Sysmon64.exe")][di]
    h = LAPTOPS[(di + 2) % 4][0]
    win(day + timedelta(hours=12, minutes=R.randint(0, 59)), h, "System", 7045,
        ServiceName=svc[0], ImagePath=svc[1], ServiceType="user mode service",
        StartType="auto start", AccountName="LocalSystem")
    # Defender on servers
    for hs in ("APP-02", "DC-A", "FS-01"):
        lsass_access(day + timedelta(hours=R.randint(0, 23), minutes=R.randint(0, 59)), hs, MSMPENG, "0x1410")
    # IFEO mitigation options pushed by exploit-protection policy
    if di == 1:
        regset(day + timedelta(hours=8, minutes=3), "LT-103", "NT AUTHORITY\\SYSTEM", SVCHOST,
               "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\chrome.exe\\MitigationOptions",
               "Binary Data")
    # nightly DNS from servers
    for hs in ("APP-02", "SQL-01"):
        dns(day + timedelta(hours=2, minutes=R.randint(0, 59)), hs, "NT AUTHORITY\\SYSTEM",
            SVCHOST, R.choice(["ctldl.windowsupdate.com", "settings-win.data.microsoft.com", "time.windows.com"]))


# ---------------------------------------------------------------- CloudTrail

OFFICE_IP = "203.0.113.10"
CI_IP = "203.0.113.11"
UA_CONSOLE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
UA_CLI = "aws-cli/2.15.40 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/ec2.describe-instances"
UA_TF = "APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-aws/5.46.0"
UA_BOTO = "Boto3/1.34.90 md/Botocore#1.34.90 ua/2.0 os/linux#5.10.215 lang/python#3.12.2 exec-env/AWS_Lambda_python3.12"


def iam_user(name):
    return {"type": "IAMUser", "principalId": "AIDA" + "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17)),
            "arn": f"arn:aws:iam::{ACCT}:user/{name}", "accountId": ACCT,
            "accessKeyId": "AKIA" + "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
            "userName": name}


def role(rname, session):
    pid = "AROA" + "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17))
    return {"type": "AssumedRole", "principalId": f"{pid}:{session}",
            "arn": f"arn:aws:sts::{ACCT}:assumed-role/{rname}/{session}", "accountId": ACCT,
            "accessKeyId": "ASIA" + "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": pid,
                                                 "arn": f"arn:aws:iam::{ACCT}:role/{rname}",
                                                 "accountId": ACCT, "userName": rname},
                               "attributes": {"creationDate": "2026-04-13T06:00:00Z", "mfaAuthenticated": "false"}}}


def ct(dt, source, name, region, ip, ua, ident, req=None, resp=None, err=None, read_only=None, extra=None):
    ev = {"eventVersion": "1.09", "userIdentity": ident, "eventTime": iso(dt),
          "eventSource": source, "eventName": name, "awsRegion": region,
          "sourceIPAddress": ip, "userAgent": ua,
          "requestParameters": req, "responseElements": resp,
          "requestID": guid(), "eventID": guid(),
          "readOnly": bool(read_only) if read_only is not None else name.startswith(("Get", "List", "Describe", "Lookup")),
          "eventType": "AwsApiCall", "managementEvent": True,
          "recipientAccountId": ACCT, "eventCategory": "Management"}
    if err:
        ev["errorCode"], ev["errorMessage"] = err
    if extra:
        ev.update(extra)
    add(dt, ev)


def cloud_day(day, di):
    priya = iam_user("priya.s")
    ro = iam_user("ops-readonly")
    # console sign-in with MFA
    t = day + timedelta(hours=8, minutes=R.randint(5, 40))
    ev_extra = {"eventType": "AwsConsoleSignIn", "additionalEventData": {
        "LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes"}}
    ct(t, "signin.amazonaws.com", "ConsoleLogin", "us-east-1", OFFICE_IP, UA_CONSOLE, priya,
       resp={"ConsoleLogin": "Success"}, read_only=False, extra=ev_extra)
    for i in range(R.randint(8, 11)):
        tt = t + timedelta(minutes=3 + i * R.randint(6, 14), seconds=R.randint(0, 59))
        region = "eu-west-1" if i % 3 else "us-east-1"
        choice = i % 5
        if choice == 0:
            ct(tt, "ec2.amazonaws.com", "DescribeInstances", region, OFFICE_IP, UA_CONSOLE, priya,
               req={"instancesSet": {}, "filterSet": {}})
        elif choice == 1:
            ct(tt, "s3.amazonaws.com", "ListBuckets", "us-east-1", OFFICE_IP, UA_CONSOLE, priya,
               req={"Host": "s3.amazonaws.com"})
        elif choice == 2:
            ct(tt, "ec2.amazonaws.com", "DescribeSecurityGroups", region, OFFICE_IP, UA_CONSOLE, priya,
               req={"securityGroupSet": {}, "filterSet": {}})
        elif choice == 3:
            ct(tt, "cloudtrail.amazonaws.com", "LookupEvents", region, OFFICE_IP, UA_CONSOLE, priya,
               req={"maxResults": 50})
        else:
            ct(tt, "iam.amazonaws.com", "ListRoles", "us-east-1", OFFICE_IP, UA_CONSOLE, priya,
               req={"maxItems": 100})
    # CI pipeline via terraform / CLI
    ci = role("ci-deploy", f"gha-{1000 + di}")
    base = day + timedelta(hours=11, minutes=R.randint(0, 30))
    ct(base - timedelta(seconds=20), "sts.amazonaws.com", "AssumeRoleWithWebIdentity", "eu-west-1", "4.208.26.199",
       "aws-sdk-js/3.556.0", {"type": "WebIdentityUser", "principalId": "token.actions.githubusercontent.com:repo:ops/infra:ref:refs/heads/main",
                             "userName": "repo:ops/infra:ref:refs/heads/main",
                             "identityProvider": "token.actions.githubusercontent.com"},
       req={"roleArn": f"arn:aws:iam::{ACCT}:role/ci-deploy", "roleSessionName": f"gha-{1000 + di}"}, read_only=True)
    steps = [
        ("s3.amazonaws.com", "PutObject", {"bucketName": "ops-build-artifacts", "key": f"portal/{di}/bundle.zip"}),
        ("lambda.amazonaws.com", "UpdateFunctionCode20150331v2", {"functionName": "ops-report-builder", "s3Bucket": "ops-build-artifacts"}),
        ("cloudformation.amazonaws.com", "DescribeStacks", {"stackName": "ops-portal"}),
        ("ssm.amazonaws.com", "GetParameters", {"names": ["/ops/portal/db-host"], "withDecryption": True}),
        ("kms.amazonaws.com", "Decrypt", {"encryptionAlgorithm": "SYMMETRIC_DEFAULT", "keyId": f"arn:aws:kms:eu-west-1:{ACCT}:key/5d1e9a7c-0b6f-4c3e-9f21-7a2d6b8e4f10"}),
        ("ec2.amazonaws.com", "DescribeInstances", {"instancesSet": {}, "filterSet": {"items": [{"name": "tag:app", "valueSet": {"items": [{"value": "ops-portal"}]}}]}}),
    ]
    for i, (src, name, req) in enumerate(steps):
        ct(base + timedelta(seconds=15 * i + R.randint(0, 9)), src, name, "eu-west-1", CI_IP, UA_TF, ci, req=req,
           read_only=name.startswith(("Get", "Describe", "Decrypt")))
    if di == 0:
        ct(base + timedelta(minutes=3), "iam.amazonaws.com", "AttachRolePolicy", "us-east-1", CI_IP, UA_TF, ci,
           req={"roleName": "ops-report-builder-exec", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})
        ct(base + timedelta(minutes=4), "s3.amazonaws.com", "PutBucketPublicAccessBlock", "eu-west-1", CI_IP, UA_TF, ci,
           req={"bucketName": "ops-build-artifacts", "PublicAccessBlockConfiguration": {
               "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}})
    if di == 1:
        ct(base + timedelta(minutes=5), "ec2.amazonaws.com", "CreateSnapshot", "eu-west-1", CI_IP, UA_TF, ci,
           req={"volumeId": "vol-0c4e1b2a3d5f67890", "description": "nightly dr copy"},
           resp={"snapshotId": "snap-0d2c9e8f7a6b54321", "status": "pending"})
        ct(base + timedelta(minutes=9), "ec2.amazonaws.com", "ModifySnapshotAttribute", "eu-west-1", CI_IP, UA_TF, ci,
           req={"snapshotId": "snap-0d2c9e8f7a6b54321", "attributeType": "CREATE_VOLUME_PERMISSION",
                "createVolumePermission": {"add": {"items": [{"userId": "444455556666"}]}}},
           resp={"_return": True})
    # KMS housekeeping lambda (allowed to schedule deletions)
    kj = role("KeyJanitor", "key-janitor-fn")
    tk = day + timedelta(hours=3, minutes=R.randint(0, 20))
    ct(tk, "kms.amazonaws.com", "ListKeys", "eu-west-1", "52.50.12.34", UA_BOTO, kj, req={"limit": 100})
    ct(tk + timedelta(seconds=40), "kms.amazonaws.com", "DescribeKey", "eu-west-1", "52.50.12.34", UA_BOTO, kj,
       req={"keyId": f"arn:aws:kms:eu-west-1:{ACCT}:key/0a9b8c7d-1111-4e2f-8a3b-c4d5e6f70819"})
    if di == 2:
        ct(tk + timedelta(seconds=55), "kms.amazonaws.com", "ScheduleKeyDeletion", "eu-west-1", "52.50.12.34", UA_BOTO, kj,
           req={"keyId": f"arn:aws:kms:eu-west-1:{ACCT}:key/0a9b8c7d-1111-4e2f-8a3b-c4d5e6f70819", "pendingWindowInDays": 30},
           resp={"keyId": f"arn:aws:kms:eu-west-1:{ACCT}:key/0a9b8c7d-1111-4e2f-8a3b-c4d5e6f70819",
                 "deletionDate": "May 15, 2026, 3:14:00 AM", "keyState": "PendingDeletion", "pendingWindowInDays": 30})
    # reporting role reading objects through the day
    rep = role("ops-reporting", "report-run")
    for i in range(R.randint(5, 8)):
        tt = day + timedelta(hours=6 + i, minutes=R.randint(0, 59), seconds=R.randint(0, 59))
        ct(tt, "s3.amazonaws.com", "GetObject", "eu-west-1", "10.40.3.17", UA_BOTO, rep,
           req={"bucketName": "ops-finance-exports", "key": f"daily/2026-04-{13 + di}/ledger-{i}.csv"},
           extra={"eventCategory": "Data", "managementEvent": False, "resources": [
               {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::ops-finance-exports/daily/2026-04-{13 + di}/ledger-{i}.csv"}]})
    # read-only user: inventory scripts, the odd permission miss
    for i in range(R.randint(4, 6)):
        tt = day + timedelta(hours=7, minutes=40 * i + R.randint(0, 20), seconds=R.randint(0, 59))
        ct(tt, "ec2.amazonaws.com", R.choice(["DescribeInstances", "DescribeVolumes", "DescribeSnapshots"]),
           "us-east-1" if i % 2 else "eu-west-1", OFFICE_IP, UA_CLI, ro, req={"filterSet": {}})
    tt = day + timedelta(hours=15, minutes=R.randint(0, 30))
    ct(tt, "iam.amazonaws.com", "ListAccessKeys", "us-east-1", OFFICE_IP, UA_CLI, ro, req={"userName": "ci-legacy"},
       err=("AccessDenied", f"User: arn:aws:iam::{ACCT}:user/ops-readonly is not authorized to perform: iam:ListAccessKeys"))
    # security audit role polls GuardDuty
    sa = role("SecurityAudit", "siem-poller")
    for i in range(4):
        tt = day + timedelta(hours=5 * i + 1, minutes=R.randint(0, 50))
        ct(tt, "guardduty.amazonaws.com", "ListDetectors", "eu-west-1", "198.18.40.7", UA_BOTO, sa, req=None)
        ct(tt + timedelta(seconds=3), "guardduty.amazonaws.com", "ListFindings", "eu-west-1", "198.18.40.7", UA_BOTO, sa,
           req={"detectorId": "8ec5d3a1f2b04c6e9d7a1b2c3d4e5f60", "maxResults": 50})
    if di == 1:
        ct(day + timedelta(hours=16, minutes=7), "guardduty.amazonaws.com", "UpdateDetector", "eu-west-1", OFFICE_IP, UA_CONSOLE, priya,
           req={"detectorId": "8ec5d3a1f2b04c6e9d7a1b2c3d4e5f60", "findingPublishingFrequency": "FIFTEEN_MINUTES"})
    if di == 2:
        # a mistyped console password
        ct(day + timedelta(hours=8, minutes=2), "signin.amazonaws.com", "ConsoleLogin", "us-east-1", OFFICE_IP, UA_CONSOLE,
           {"type": "IAMUser", "principalId": "AIDAQ7TOMASK2EXAMPLE", "accountId": ACCT, "userName": "tomas.k",
            "arn": f"arn:aws:iam::{ACCT}:user/tomas.k"},
           resp={"ConsoleLogin": "Failure"}, err=(None, "Failed authentication"), read_only=False,
           extra={"eventType": "AwsConsoleSignIn", "additionalEventData": {"MFAUsed": "No", "LoginTo": "https://console.aws.amazon.com/console/home"}})


def main():
    for di, day in enumerate(DAYS):
        for idx, (h, ip, u) in enumerate(LAPTOPS):
            laptop_day(day, h, ip, u, idx)
        servers_day(day, di)
        cloud_day(day, di)
    EVENTS.sort(key=lambda e: (e[0], e[1]))
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "background", "events.jsonl")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", newline="\n") as f:
        for dt, _, ev in EVENTS:
            if "TimeGenerated" in ev:
                ev["TimeGenerated"] = iso(dt)
            if ev.get("errorCode", "x") is None:
                del ev["errorCode"]
            f.write(json.dumps(ev) + "\n")
    print(f"wrote {len(EVENTS)} events to {out}")


if __name__ == "__main__":
    main()
