#!/usr/bin/env python3
"""What the three pytm mirrors in bench/pytm share: how our YAML is mirrored in pytm, and
the helpers that do it. Our own code; pytm is run from a checkout ($PYTM_SRC), not a dependency.

How the YAML was mirrored (the same rules in all three bench/pytm scripts):
- Kinds: user -> Actor; browser/client -> Process (a client process we do not operate);
  web_app/api_service -> Server; process and tool -> Process (pytm has no tool element);
  agent -> Agent; llm -> LLM; database, vector_store, file_store, secrets_store, prompt,
  repository -> Datastore; saas, identity_provider, external_service and third-party
  build_pipeline -> ExternalEntity; boundaries -> Boundary (nested where ours nest).
- Data classes: public -> PUBLIC, internal -> RESTRICTED, confidential -> SENSITIVE,
  restricted -> SECRET. An element's maxClassification is the highest of its own data_classes
  and of the assets it stores or processes; with neither it keeps pytm's default (UNKNOWN).
  Assets become shared Data objects; a flow's own data_classes become one payload Data (one per
  format when the content is json or xml, which pytm's XML/JSON rules read).
- Flows: protocol upper-cased (pytm's rules compare "HTTP", "HTTPS", "SMTP"...); isEncrypted as
  our format decides it (https, tls, ssh, sftp, wss, grpcs, mtls, or an explicit `encrypted`);
  authenticatesDestination when the flow is encrypted with a protocol whose client verifies the
  server (https, ssh, ...); `authenticated: true` -> authenticatesSource and
  implementsAuthenticationScheme on the flow; a session-cookie flow -> usesSessionTokens.
- Components: `authentication` other than none -> authenticatesSource and
  implementsAuthenticationScheme (mfa -> usesMFA); tech cookies/sessions/jwt on a Server ->
  usesSessionTokens; a flow with protocol env into a process -> usesEnvironmentVariables.
  Other controls are set only where the YAML states the fact; each is commented.
- Everything the YAML does not say keeps pytm's default, as a pytm user would leave it. In
  particular most controls (validatesInput, sanitizesInput, encodesOutput, hasAccessControl,
  isHardened, handlesResourceConsumption, usesVPN, checksDestinationRevocation, ...) stay False,
  and LLM.hasContentFiltering stays False because the YAML names no content filter.
- No counterpart in pytm, so dropped: `untrusted` and the derived taint, `approval`,
  `autonomy`, `memory`, `permissions`, decisions. Flows are all forward flows (isResponse
  False): our format draws an answer as its own flow, not as a response.

Flow facts: pytm 1.4.0's TM.check() overwrites each flow's protocol, isEncrypted and
authenticatesDestination with the sink's protocol/isEncrypted and the source's
authenticatesDestination (its "defaults" step no longer leaves set values alone). By default
this script sets those element-level values where all flows agree, and after check() puts the
flow-level values from the YAML back before resolve(). --as-shipped skips that re-assertion.
"""
import json
import os
import sys

sys.path.insert(0, os.environ.get("PYTM_SRC", "/tmp/pytm-src"))

from pytm import (TM, Actor, Agent, Boundary, Classification, Data, Dataflow,  # noqa: E402
                  Datastore, DatastoreType, ExternalEntity, Lifetime, LLM, Process,
                  Server)

CLASS = {"public": Classification.PUBLIC, "internal": Classification.RESTRICTED,
         "confidential": Classification.SENSITIVE, "restricted": Classification.SECRET}
ENCRYPTED_PROTOCOLS = {"https", "tls", "ssh", "sftp", "wss", "grpcs", "mtls"}
DEST_AUTH_PROTOCOLS = {"https", "tls", "ssh", "sftp", "wss", "grpcs", "mtls"}
OURS = {}      # id(pytm element) -> (our id, our kind)
FLOWS = []     # (Dataflow, protocol, isEncrypted, authenticatesDestination)
ASSETS = {}    # our asset id -> Data


def max_class(classes):
    return max((CLASS[c] for c in classes), default=Classification.UNKNOWN)


def mark(element, our_id, kind, data_classes=()):
    OURS[id(element)] = (our_id, kind)
    if data_classes:
        element.maxClassification = max_class(data_classes)
    return element


def authenticates(element, *methods):
    """The component's `authentication` list."""
    if methods and methods != ("none",):
        element.controls.authenticatesSource = True
        element.controls.implementsAuthenticationScheme = True
        element.controls.authenticationScheme = ", ".join(methods)
        if "mfa" in methods:
            element.controls.usesMFA = True


def asset(our_id, name, data_class, stored=True, pii=False, credentials=False, life=None):
    kw = {"classification": CLASS[data_class], "isPII": pii, "isCredentials": credentials,
          "isStored": stored}
    if life is not None:
        kw["credentialsLife"] = life
    ASSETS[our_id] = Data(name, **kw)
    return ASSETS[our_id]


def flow(fid, source, sink, protocol="", content=(), data_classes=(), data=(),
         authenticated=False, encrypted=None, untrusted=False, session=False):
    """One flow of the YAML. `untrusted` is kept for the reader; pytm has no such attribute."""
    f = Dataflow(source, sink, fid)
    proto = protocol.lower()
    enc = proto in ENCRYPTED_PROTOCOLS if encrypted is None else encrypted
    dest_auth = enc and proto in DEST_AUTH_PROTOCOLS
    f.protocol = protocol.upper()
    f.controls.isEncrypted = enc
    f.controls.authenticatesDestination = dest_auth
    if authenticated:
        f.controls.authenticatesSource = True
        f.controls.implementsAuthenticationScheme = True
    if session:
        f.usesSessionTokens = True
    items = [ASSETS[a] for a in data]
    formats = [fmt for c, fmt in (("json", "JSON"), ("xml", "XML")) if c in content]
    creds = (bool({"credentials", "token"} & set(content))
             and not any(d.isCredentials for d in items))
    if data_classes or formats or creds:
        for fmt in formats or [""]:
            items.append(Data(f"{fid} payload {fmt}".strip(), format=fmt, isCredentials=creds,
                              classification=max_class(data_classes)))
    if items:
        f.data = items
    OURS[id(f)] = (fid, "flow")
    FLOWS.append((f, f.protocol, enc, dest_auth))
    return f


def element_defaults():
    """Element-level values pytm copies onto flows, set only where every flow agrees."""
    inbound, outbound = {}, {}
    for f, proto, enc, dest_auth in FLOWS:
        inbound.setdefault(id(f.sink), (f.sink, []))[1].append((proto, enc))
        outbound.setdefault(id(f.source), (f.source, []))[1].append(dest_auth)
    for sink, facts in inbound.values():
        protos = {p for p, _ in facts}
        if len(protos) == 1 and "" not in protos and hasattr(sink, "protocol"):
            sink.protocol = protos.pop()
        if all(e for _, e in facts):
            sink.controls.isEncrypted = True
    for source, facts in outbound.values():
        if all(facts):
            source.controls.authenticatesDestination = True


def main(tm):
    element_defaults()
    args = sys.argv[1:]
    pytm_args = [a for a in args if a != "--as-shipped"]
    if pytm_args:                      # pytm's own command line: --dfd, --report FILE, ...
        sys.argv = [sys.argv[0]] + pytm_args
        tm.process()
        return
    tm.check()
    if "--as-shipped" not in args:
        for f, proto, enc, dest_auth in FLOWS:
            f.protocol = proto
            f.controls.isEncrypted = enc
            f.controls.authenticatesDestination = dest_auth
    tm.resolve()
    for finding in tm.findings:
        el = finding.element
        our_id, kind = OURS.get(id(el), (finding.target, "?"))
        print(json.dumps({"sid": finding.threat_id, "target": our_id,
                          "element": type(el).__name__, "kind": kind,
                          "severity": finding.severity}))


# --- the model ---------------------------------------------------------------------------------
TM.reset()
