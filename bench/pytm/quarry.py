#!/usr/bin/env python3
"""pytm mirror of docs/quarry-threat-model.yml (samples/threat-models/quarry.yml), for
bench/pytm_compare.py.

Our own code. pytm (OWASP's threat-modelling library) is not a dependency of Quarry: it is run
from a checkout at measurement time, found through $PYTM_SRC (default /tmp/pytm-src).

    PYTM_SRC=/path/to/pytm python3 bench/pytm/quarry.py              # findings, JSON lines
    PYTM_SRC=/path/to/pytm python3 bench/pytm/quarry.py --as-shipped # see "Flow facts" below
    PYTM_SRC=/path/to/pytm python3 bench/pytm/quarry.py --dfd        # any pytm CLI option

Output: one JSON object per pytm finding: {"sid", "target" (our component or flow id),
"element" (pytm class), "kind" (our YAML kind, "flow" for flows), "severity"}.

How the YAML is mirrored (the same rules in all three scripts): bench/pytm/mirror.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import *  # noqa: E402,F401,F403  (pytm's classes and the mapping helpers)

tm = TM("Quarry security workbench",
        "Mirror of docs/quarry-threat-model.yml (samples/threat-models/quarry.yml) for the pytm "
        "comparison.")

workstation = Boundary("analyst-workstation")
case_directory = Boundary("case-directory", inBoundary=workstation)
agent_client = Boundary("agent-client", inBoundary=workstation)
investigated = Boundary("investigated-systems")
third_party_content = Boundary("third-party-content")
openai_provider = Boundary("openai-compatible-provider")
anthropic_provider = Boundary("anthropic-provider")
client_provider = Boundary("client-model-provider")

# User names, hosts, IPs, command lines, sometimes passwords and personal data.
asset("evidence-data", "Evidence and case events", "restricted", pii=True)
# The case's schema with example values: user names, hosts, IPs (optionally pseudonymized).
asset("prompt-context", "What a model provider is sent", "confidential", stored=False, pii=True)
asset("journal-entries", "Journal entries", "confidential")
asset("audit-records", "Audit records", "internal")
asset("detection-rules", "Detection rules and queries", "internal")
asset("provider-api-keys", "Model provider API keys", "restricted", credentials=True)
asset("signing-key", "Journal signing key (Ed25519)", "restricted", credentials=True)
asset("mcp-token", "MCP HTTP bearer token", "confidential", credentials=True)

analyst = mark(Actor("Analyst", inBoundary=workstation), "analyst", "user")

cli = mark(Process("quarry CLI and app jobs", inBoundary=workstation), "quarry-cli", "process",
           ["confidential", "restricted", "internal"])  # + evidence-data, signing-key, rules
ingest = mark(Process("Evidence readers (ingest)", inBoundary=workstation), "ingest", "process",
              ["restricted"])                   # processes evidence-data
ingest.controls.validatesInput = True           # damaged input is reported and skipped

evidence = mark(Datastore("Evidence files", inBoundary=investigated), "evidence", "file_store",
                ["confidential", "restricted"])
evidence.type = DatastoreType.FILE_SYSTEM
evidence.isSQL = False
evidence.storesPII = True
evidence.storesSensitiveData = True

rule_files = mark(Datastore("Rule and query folders", inBoundary=third_party_content),
                  "rule-files", "file_store", ["internal"])
rule_files.type = DatastoreType.FILE_SYSTEM
rule_files.isSQL = False
rule_files.hasWriteAccess = True                # rules-save

corpora = mark(Datastore("Shared corpora and reference catalogs", inBoundary=third_party_content),
               "shared-corpora", "file_store", ["public"])
corpora.type = DatastoreType.FILE_SYSTEM
corpora.isSQL = False

tm_files = mark(Datastore("Threat model descriptions and catalogs", inBoundary=workstation),
                "threat-model-files", "file_store", ["internal"])
tm_files.type = DatastoreType.FILE_SYSTEM
tm_files.isSQL = False
tm_files.hasWriteAccess = True                  # threat-model-draft

rule_cache = mark(Datastore("Compiled rule cache", inBoundary=workstation), "rule-cache",
                  "file_store", ["internal"])   # stores detection-rules
rule_cache.type = DatastoreType.FILE_SYSTEM
rule_cache.isSQL = False
rule_cache.hasWriteAccess = True

case_db = mark(Datastore("Case database (events.db)", inBoundary=case_directory), "case-db",
               "database", ["confidential", "restricted"])
case_db.type = DatastoreType.SQL
case_db.storesPII = True
case_db.storesSensitiveData = True
case_db.hasWriteAccess = True
# Encryption at rest is the host's disk encryption, out of scope: isEncryptedAtRest stays False.
# isShared stays False: the YAML says a case "may" sit on a shared drive, not that it does.

pending = mark(Datastore("Pending items (CASE/pending/)", inBoundary=case_directory),
               "pending-items", "file_store")
pending.type = DatastoreType.FILE_SYSTEM
pending.isSQL = False
pending.hasWriteAccess = True

journal = mark(Datastore("Journal (journal.jsonl)", inBoundary=case_directory), "journal",
               "file_store", ["confidential"])
journal.type = DatastoreType.FILE_SYSTEM
journal.isSQL = False
journal.hasWriteAccess = True
journal.controls.providesIntegrity = True       # hash-chained, optionally Ed25519-signed

audit_log = mark(Datastore("Audit log (audit.jsonl)", inBoundary=case_directory), "audit-log",
                 "file_store", ["internal"])
audit_log.type = DatastoreType.FILE_SYSTEM
audit_log.isSQL = False
audit_log.storesLogData = True
audit_log.hasWriteAccess = True

case_config = mark(Datastore("Case settings (quarry.toml)", inBoundary=case_directory),
                   "case-config", "file_store")
case_config.type = DatastoreType.FILE_SYSTEM
case_config.isSQL = False
case_config.hasWriteAccess = True               # edit-config

secrets = mark(Datastore("Analyst's environment and key files", inBoundary=workstation),
               "secrets", "secrets_store", ["restricted", "confidential"])
secrets.isSQL = False
secrets.storesSensitiveData = True

assist = mark(Agent("Assist module (drafting workflows)", inBoundary=workstation), "assist",
              "agent", ["restricted", "confidential"])   # evidence-data, prompt-context
# usesExternalTools stays False: assist calls no tool component, only the provider gate.

builtin = mark(Process("Built-in assistant", inBoundary=workstation), "builtin-assistant",
               "process", ["confidential"])     # processes prompt-context

gate = mark(Process("Provider gate (policy, redaction, HTTP client)", inBoundary=workstation),
            "provider-gate", "process", ["restricted", "confidential", "internal"])
gate.usesEnvironmentVariables = True            # provider-key (protocol env)
gate.controls.validatesInput = True             # reads the answer strictly as JSON with a query
gate.controls.sanitizesInput = True             # replaces secrets in the prompt with [REDACTED]


def hosted_llm(name, our_id, boundary):
    m = mark(LLM(name, inBoundary=boundary), our_id, "llm", ["confidential"])  # prompt-context
    m.isThirdParty = True
    m.processesPersonalData = True              # user names, hosts, IPs in prompt-context
    m.hasRAG = True                             # assist puts case schema and events in the prompt
    # hasAgentCapabilities stays False: the answer is a query that is checked and shown to a
    # person before it runs; providesConfidentiality stays False: the YAML says confidential
    # data still reaches the provider.
    authenticates(m, "api_key")
    return m


openai = hosted_llm("OpenAI-compatible provider", "openai-compatible", openai_provider)
anthropic = hosted_llm("Anthropic Messages provider", "anthropic", anthropic_provider)
ollama = mark(LLM("Ollama on the analyst's machine", inBoundary=workstation), "ollama", "llm",
              ["confidential"])
ollama.isThirdParty = False
ollama.isSelfHosted = True
ollama.processesPersonalData = True
ollama.hasRAG = True
# authentication: [none] -> authenticatesSource stays False.

mcp_server = mark(Process("quarry mcp", inBoundary=workstation), "mcp-server", "tool",
                  ["restricted", "internal", "confidential"])  # evidence, rules, journal
mcp_server.implementsAPI = True                 # 19 MCP tools
mcp_server.usesEnvironmentVariables = True      # mcp-token-env
mcp_server.controls.validatesInput = True       # argument checks
mcp_server.controls.handlesResourceConsumption = True   # row and byte caps
mcp_server.controls.hasAccessControl = True     # path limits: case, start folder, --allow-path
# authenticatesSource stays False: the bearer token guards --http only; stdio is unauthenticated.

mcp_client = mark(Agent("MCP client (Claude Code, Cursor, ...)", inBoundary=agent_client),
                  "mcp-client", "agent", ["restricted"])   # processes evidence-data
mcp_client.usesExternalTools = True             # starts `quarry mcp` (and others) from config

client_llm = mark(LLM("The MCP client's model", inBoundary=client_provider), "client-llm", "llm",
                  ["restricted"])               # processes evidence-data
client_llm.isThirdParty = True
client_llm.processesPersonalData = True
client_llm.hasAgentCapabilities = True          # its turns carry tool calls
client_llm.hasAccessToSensitiveSystems = True   # the case; the client's own shell and files
client_llm.executesCode = True                  # the client has execute permission
client_llm.hasRAG = True                        # tool results from the case in its context
authenticates(client_llm, "api_key", "oauth")

# Flows, in the YAML's order
flow("commands", analyst, cli, "tty", ["text", "query", "prompt"], ["confidential"])
flow("approvals", analyst, cli, "tty", ["text"])
flow("cli-output", cli, analyst, "tty", ["text", "json", "logs"], data=["evidence-data"])
flow("edit-config", analyst, case_config, "file", ["text"])
flow("load-config", case_config, cli, "file", ["text"], ["internal"])
flow("load-signing-key", secrets, cli, "file", ["credentials"], data=["signing-key"])
flow("start-ingest", cli, ingest, content=["text"])
flow("evidence-read", evidence, ingest, "file", ["binary", "json", "xml", "text", "logs"],
     data=["evidence-data"], untrusted=True)
flow("case-write", ingest, case_db, "sql", ["sql"], data=["evidence-data"])
flow("scan-evidence", evidence, cli, "file", ["binary", "json", "text", "logs"],
     data=["evidence-data"], untrusted=True)
flow("case-read", case_db, cli, "sql", ["json", "text"], data=["evidence-data"], untrusted=True)
flow("case-query", cli, case_db, "sql", ["sql"])
flow("rules-read", rule_files, cli, "file", ["text", "query"], data=["detection-rules"],
     untrusted=True)
flow("rules-save", cli, rule_files, "file", ["text"], data=["detection-rules"])
flow("cache-write", cli, rule_cache, "file", ["binary"])
flow("cache-read", rule_cache, cli, "file", ["binary"])
flow("corpora-read", corpora, cli, "file", ["text", "json", "dataset"], untrusted=True)
flow("threat-models-read", tm_files, cli, "file", ["text"], untrusted=True)
flow("threat-model-draft", cli, tm_files, "file", ["text"])
flow("journal-append", cli, journal, "file", ["json"], data=["journal-entries"])
flow("journal-read", journal, cli, "file", ["json"], data=["journal-entries"])
flow("pending-read", pending, cli, "file", ["json", "query", "text"], untrusted=True)
flow("ask-assist", cli, assist, content=["prompt", "text"], data_classes=["confidential"])
flow("case-context", case_db, assist, "sql", ["json", "text"], data=["evidence-data"],
     untrusted=True)
flow("draft-back", assist, cli, content=["query", "text", "markdown"])
flow("builtin-draft", assist, builtin, content=["prompt"], data=["prompt-context"])
flow("builtin-answer", builtin, assist, content=["query"])
flow("to-provider-gate", assist, gate, content=["prompt"], data=["prompt-context"])
flow("gate-answer", gate, assist, content=["query", "text"])
flow("provider-key", secrets, gate, "env", ["credentials"], data=["provider-api-keys"])
flow("to-openai", gate, openai, "https", ["prompt"], ["internal", "confidential"],
     ["prompt-context"], authenticated=True)
flow("from-openai", openai, gate, "https", ["text", "json"], authenticated=True)
flow("to-anthropic", gate, anthropic, "https", ["prompt"], ["internal", "confidential"],
     ["prompt-context"], authenticated=True)
flow("from-anthropic", anthropic, gate, "https", ["text", "json"], authenticated=True)
flow("to-ollama", gate, ollama, "http", ["prompt"], ["confidential", "restricted"],
     ["prompt-context"], authenticated=False)
flow("from-ollama", ollama, gate, "http", ["text", "json"])
flow("provider-audit", gate, audit_log, "file", ["logs"], data=["audit-records"])
flow("analyst-to-client", analyst, mcp_client, content=["prompt", "text"],
     data_classes=["confidential"])
flow("client-to-analyst", mcp_client, analyst, content=["markdown", "text"])
flow("client-context", mcp_client, client_llm, "https", ["prompt", "tool_result"],
     ["confidential", "restricted"], ["evidence-data"], authenticated=True)
flow("client-model-turns", client_llm, mcp_client, "https", ["text", "tool_call"],
     authenticated=True)
flow("mcp-stdio", mcp_client, mcp_server, "stdio", ["tool_call", "query", "text"])
flow("mcp-http", mcp_client, mcp_server, "http", ["tool_call", "query", "text"],
     authenticated=True, encrypted=False)
flow("mcp-results", mcp_server, mcp_client, "stdio", ["tool_result", "json"],
     data=["evidence-data"], untrusted=True)
flow("mcp-case-read", case_db, mcp_server, "sql", ["json", "text"], data=["evidence-data"],
     untrusted=True)
flow("mcp-case-query", mcp_server, case_db, "sql", ["sql"])
flow("mcp-evidence-read", evidence, mcp_server, "file", ["binary", "json", "text", "logs"],
     data=["evidence-data"], untrusted=True)
flow("mcp-rules-read", rule_files, mcp_server, "file", ["text", "query"],
     data=["detection-rules"], untrusted=True)
flow("mcp-cache-read", rule_cache, mcp_server, "file", ["binary"])
flow("mcp-corpora-read", corpora, mcp_server, "file", ["text", "json"], untrusted=True)
flow("mcp-threat-models-read", tm_files, mcp_server, "file", ["text"], untrusted=True)
flow("mcp-builtin-draft", mcp_server, builtin, content=["prompt"])
flow("mcp-builtin-answer", builtin, mcp_server, content=["query"])
flow("pending-write", mcp_server, pending, "file", ["json", "query", "text"])
flow("mcp-journal-read", journal, mcp_server, "file", ["json"], data=["journal-entries"])
flow("mcp-audit", mcp_server, audit_log, "file", ["logs"], data=["audit-records"])
flow("mcp-token-env", secrets, mcp_server, "env", ["token"], data=["mcp-token"])

if __name__ == "__main__":
    main(tm)
