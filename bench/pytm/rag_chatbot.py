#!/usr/bin/env python3
"""pytm mirror of samples/threat-models/rag-chatbot.yml, for bench/pytm_compare.py.

Our own code. pytm (OWASP's threat-modelling library) is not a dependency of Quarry: it is run
from a checkout at measurement time, found through $PYTM_SRC (default /tmp/pytm-src).

    PYTM_SRC=/path/to/pytm python3 bench/pytm/rag_chatbot.py              # findings, JSON lines
    PYTM_SRC=/path/to/pytm python3 bench/pytm/rag_chatbot.py --as-shipped # see "Flow facts" below
    PYTM_SRC=/path/to/pytm python3 bench/pytm/rag_chatbot.py --dfd        # any pytm CLI option

Output: one JSON object per pytm finding: {"sid", "target" (our component or flow id),
"element" (pytm class), "kind" (our YAML kind, "flow" for flows), "severity"}.

How the YAML is mirrored (the same rules in all three scripts): bench/pytm/mirror.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import *  # noqa: E402,F401,F403  (pytm's classes and the mapping helpers)

tm = TM("Acme support assistant (RAG chatbot)",
        "Mirror of samples/threat-models/rag-chatbot.yml for the pytm comparison.")

internet = Boundary("internet")
staff_devices = Boundary("staff-devices")
company_cloud = Boundary("company-cloud")
crm_zone = Boundary("crm-zone", inBoundary=company_cloud)
llm_provider = Boundary("llm-provider")
ticketing_vendor = Boundary("ticketing-vendor")
identity_vendor = Boundary("identity-vendor")

asset("customer-pii", "Customer account records", "restricted", pii=True)   # names, addresses
# Customers paste order numbers and addresses into the chat (chat-request).
asset("chat-transcripts", "Chat conversations", "confidential", pii=True)
asset("past-tickets", "Resolved support tickets", "confidential")
asset("help-content", "Help-centre articles and community posts", "internal")
asset("llm-api-key", "LLM provider API key", "restricted", credentials=True)
asset("ticketing-token", "Ticketing API token", "restricted", credentials=True)

# People and their clients
customer = mark(Actor("Customer", inBoundary=internet), "customer", "user")
browser = mark(Process("Customer's browser", inBoundary=internet), "customer-browser", "browser",
               ["confidential"])
browser.allowsClientSideScripting = True   # runs the help centre's pages and chat widget
staff = mark(Actor("Support staff", inBoundary=staff_devices), "support-staff", "user")

# Company cloud. "As deployed in production" (system scope) -> environment Production.
web = mark(Server("Help centre and chat UI", inBoundary=company_cloud), "support-web", "web_app",
           ["confidential", "internal"])        # processes chat-transcripts, help-content
web.usesSessionTokens = True                    # tech: cookies, sessions, jwt
authenticates(web, "oauth", "session", "sso", "mfa")

help_db = mark(Datastore("Help-centre content database", inBoundary=company_cloud),
               "help-centre-db", "database", ["internal"])
help_db.type = DatastoreType.SQL
help_db.hasWriteAccess = True
authenticates(help_db, "password")

orchestrator = mark(Agent("Support assistant orchestrator", inBoundary=company_cloud),
                    "orchestrator", "agent", ["restricted", "confidential"])
orchestrator.usesExternalTools = True           # calls ticket-tool and crm-lookup
authenticates(orchestrator, "token")

system_prompt = mark(Datastore("System prompt and answer template", inBoundary=company_cloud),
                     "system-prompt", "prompt", ["internal"])
system_prompt.type = DatastoreType.FILE_SYSTEM
system_prompt.isSQL = False

vector_store = mark(Datastore("Help-centre and ticket index", inBoundary=company_cloud),
                    "vector-store", "vector_store", ["confidential", "internal"])
vector_store.isSQL = False
vector_store.isShared = True                    # one index for all customers
vector_store.storesSensitiveData = True         # past-tickets
vector_store.hasWriteAccess = True
authenticates(vector_store, "api_key")

ingestion = mark(Process("Nightly ingestion", inBoundary=company_cloud), "ingestion-job",
                 "process", ["restricted", "confidential", "internal"])
ingestion.environment = "Production"

ticket_tool = mark(Process("Ticket tool", inBoundary=company_cloud), "ticket-tool", "tool",
                   ["restricted"])              # processes ticketing-token
ticket_tool.environment = "Production"

crm_lookup = mark(Process("CRM lookup tool", inBoundary=company_cloud), "crm-lookup", "tool",
                  ["restricted"])               # processes customer-pii
crm_lookup.environment = "Production"
crm_lookup.controls.usesParameterizedInput = True   # one fixed, parameterised SELECT
crm_lookup.controls.implementsPOLP = True           # read permission only, read-only DB role

crm_db = mark(Datastore("CRM database", inBoundary=crm_zone), "crm-db", "database", ["restricted"])
crm_db.type = DatastoreType.SQL
crm_db.isShared = True                          # shared with billing and sales
crm_db.storesPII = True
crm_db.storesSensitiveData = True
crm_db.controls.hasAccessControl = True         # only crm-lookup may connect (network policy)
crm_db.controls.authorizesSource = True         # read-only database role for crm-lookup
authenticates(crm_db, "password")

secrets_manager = mark(Datastore("Cloud secrets manager", inBoundary=company_cloud),
                       "secrets-manager", "secrets_store", ["restricted"])
secrets_manager.isSQL = False
secrets_manager.storesSensitiveData = True
authenticates(secrets_manager, "token")

log_store = mark(Datastore("Application logs", inBoundary=company_cloud), "log-store",
                 "file_store", ["restricted", "confidential"])
log_store.isSQL = False
log_store.storesLogData = True
log_store.storesPII = True                      # full prompts with CRM fields
log_store.storesSensitiveData = True
log_store.hasWriteAccess = True
authenticates(log_store, "sso", "token")

# LLM provider
chat_llm = mark(LLM("Hosted chat model", inBoundary=llm_provider), "chat-llm", "llm",
                ["restricted", "confidential"])
chat_llm.isThirdParty = True
chat_llm.processesPersonalData = True           # customer-pii in the prompt
chat_llm.hasAgentCapabilities = True            # completions carry tool calls
chat_llm.hasAccessToSensitiveSystems = True     # through the tools: CRM, ticketing writes
chat_llm.hasRAG = True                          # retrieval from vector-store into the prompt
# retainsUserData stays False: zero data retention by contract (a comment in the YAML).
authenticates(chat_llm, "api_key")

embedding = mark(LLM("Hosted embedding model", inBoundary=llm_provider), "embedding-model", "llm",
                 ["confidential"])              # processes past-tickets
embedding.isThirdParty = True
embedding.processesPersonalData = True          # the customer's question as typed (embed-query)
embedding.hasSystemPrompt = False               # an embedding endpoint follows no instructions
authenticates(embedding, "api_key")

# SaaS
ticketing = mark(ExternalEntity("Ticketing service", inBoundary=ticketing_vendor),
                 "ticketing-saas", "saas", ["confidential"])
idp = mark(ExternalEntity("Customer and staff identity provider", inBoundary=identity_vendor),
           "idp", "identity_provider")

# Flows, in the YAML's order
flow("customer->customer-browser", customer, browser, content=["text"], untrusted=True)
flow("customer-login", browser, idp, "https", ["credentials"], untrusted=True)
flow("id-token", idp, web, "https", ["token"], authenticated=True)
flow("chat-request", browser, web, "https", ["text", "json"], ["confidential"],
     authenticated=True, untrusted=True, session=True)
flow("community-post", browser, web, "https", ["markdown"], ["public"], authenticated=True,
     untrusted=True, session=True)
flow("chat-answer", web, browser, "https", ["html", "markdown"], ["confidential"],
     authenticated=True, session=True)
flow("support-email", customer, ticketing, "smtp", ["text", "html", "file"], ["confidential"],
     untrusted=True, encrypted=False)
flow("article-edit", staff, web, "https", ["markdown", "html"], ["public", "internal"],
     authenticated=True)
flow("staff-ticket-work", staff, ticketing, "https", ["text"], ["confidential"],
     authenticated=True)
flow("store-content", web, help_db, "sql", ["markdown", "sql"], ["public", "internal"],
     authenticated=True, encrypted=True, untrusted=True)
flow("ask-orchestrator", web, orchestrator, "https", ["prompt", "json"], ["confidential"],
     authenticated=True)
flow("agent-answer", orchestrator, web, "https", ["markdown"], ["confidential", "restricted"],
     authenticated=True)
flow("load-system-prompt", system_prompt, orchestrator, "file", ["prompt"], ["internal"])
flow("embed-query", orchestrator, embedding, "https", ["text"], ["confidential"],
     authenticated=True)
flow("query-vector", embedding, orchestrator, "https", ["embedding"], authenticated=True)
flow("similarity-search", orchestrator, vector_store, "grpc", ["embedding"], authenticated=True,
     encrypted=False)
flow("retrieval", vector_store, orchestrator, "grpc", ["text"],
     ["public", "internal", "confidential"], authenticated=True, encrypted=False, untrusted=True)
flow("crm-context", orchestrator, crm_lookup, content=["tool_call"], data_classes=["confidential"])
flow("crm-query", crm_lookup, crm_db, "sql", ["sql"], ["restricted"], authenticated=True,
     encrypted=True)
flow("crm-rows", crm_db, crm_lookup, "sql", ["json"], data=["customer-pii"], authenticated=True,
     encrypted=True)
flow("crm-result", crm_lookup, orchestrator, content=["tool_result"], data=["customer-pii"],
     untrusted=True)
flow("prompt-to-llm", orchestrator, chat_llm, "https", ["prompt", "text", "tool_result"],
     ["confidential", "restricted"], ["customer-pii", "chat-transcripts"], authenticated=True)
flow("completion", chat_llm, orchestrator, "https", ["text", "markdown", "tool_call"],
     authenticated=True)
flow("ticket-call", orchestrator, ticket_tool, content=["tool_call"], data_classes=["confidential"])
flow("ticket-api-write", ticket_tool, ticketing, "https", ["json", "text"],
     data=["chat-transcripts"], authenticated=True)
flow("ticket-api-read", ticketing, ticket_tool, "https", ["json", "text"], ["confidential"],
     authenticated=True, untrusted=True)
flow("ticket-result", ticket_tool, orchestrator, content=["tool_result"],
     data_classes=["confidential"], untrusted=True)
flow("article-export", help_db, ingestion, "sql", ["markdown", "html", "file"],
     ["public", "internal"], authenticated=True, encrypted=True, untrusted=True)
flow("ticket-export", ticketing, ingestion, "https", ["json", "text", "html"],
     data=["past-tickets"], authenticated=True, untrusted=True)
flow("embed-chunks", ingestion, embedding, "https", ["text"], data=["past-tickets"],
     authenticated=True)
flow("chunk-vectors", embedding, ingestion, "https", ["embedding"], authenticated=True)
flow("upsert-chunks", ingestion, vector_store, "grpc", ["embedding", "text"],
     data=["past-tickets", "help-content"], authenticated=True, encrypted=False)
flow("orchestrator-secrets", secrets_manager, orchestrator, "https", ["credentials"],
     data=["llm-api-key"], authenticated=True)
flow("ingestion-secrets", secrets_manager, ingestion, "https", ["credentials"],
     data=["llm-api-key", "ticketing-token"], authenticated=True)
flow("tool-secrets", secrets_manager, ticket_tool, "https", ["credentials"],
     data=["ticketing-token"], authenticated=True)
flow("prompt-logs", orchestrator, log_store, "https", ["logs", "prompt"],
     data=["chat-transcripts", "customer-pii"], authenticated=True)
flow("web-logs", web, log_store, "https", ["logs"], ["confidential"], authenticated=True)

if __name__ == "__main__":
    main(tm)
