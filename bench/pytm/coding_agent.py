#!/usr/bin/env python3
"""pytm mirror of samples/threat-models/coding-agent.yml, for bench/pytm_compare.py.

Our own code. pytm (OWASP's threat-modelling library) is not a dependency of Quarry: it is run
from a checkout at measurement time, found through $PYTM_SRC (default /tmp/pytm-src).

    PYTM_SRC=/path/to/pytm python3 bench/pytm/coding_agent.py              # findings, JSON lines
    PYTM_SRC=/path/to/pytm python3 bench/pytm/coding_agent.py --as-shipped # see "Flow facts" below
    PYTM_SRC=/path/to/pytm python3 bench/pytm/coding_agent.py --dfd        # any pytm CLI option

Output: one JSON object per pytm finding: {"sid", "target" (our component or flow id),
"element" (pytm class), "kind" (our YAML kind, "flow" for flows), "severity"}.

How the YAML is mirrored (the same rules in all three scripts): bench/pytm/mirror.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import *  # noqa: E402,F401,F403  (pytm's classes and the mapping helpers)

tm = TM("Coding agent on developer laptops",
        "Mirror of samples/threat-models/coding-agent.yml for the pytm comparison.")

laptop = Boundary("developer-laptop")
llm_provider = Boundary("llm-provider")
git_host = Boundary("git-host")
company_cloud = Boundary("company-cloud")
issue_vendor = Boundary("issue-vendor")
public_internet = Boundary("public-internet")

asset("source-code", "Source code", "confidential")
asset("cloud-credentials", "Developer cloud credentials", "restricted", credentials=True,
      life=Lifetime.SHORT)                      # an SSO session
asset("git-credentials", "Git SSH key", "restricted", credentials=True)
asset("llm-api-key", "Model provider API key", "confidential", credentials=True)
asset("issue-token", "Issue tracker personal access token", "confidential", credentials=True)
asset("deploy-credentials", "CI deploy roles", "restricted", credentials=True,
      life=Lifetime.SHORT)                      # OIDC role per branch
asset("customer-data", "Customer data in the cloud account", "restricted", pii=True)
asset("agent-memory", "Project memory notes", "internal")

developer = mark(Actor("Developer", inBoundary=laptop), "developer", "user")
ide = mark(Process("Terminal or IDE chat panel", inBoundary=laptop), "ide", "client")
# allowsClientSideScripting stays False: the YAML says the panel renders Markdown, not scripts.

agent = mark(Agent("Coding agent (CLI and IDE extension)", inBoundary=laptop), "agent", "agent",
             ["confidential", "internal"])     # + source-code, llm-api-key, agent-memory
agent.usesExternalTools = True                  # starts a third-party MCP server over stdio
# validatesToolLaunchConfig stays False: the YAML does not say the launch config is checked.

coding_llm = mark(LLM("Hosted coding model", inBoundary=llm_provider), "coding-llm", "llm",
                  ["confidential"])             # processes source-code
coding_llm.isThirdParty = True
coding_llm.hasAgentCapabilities = True          # model turns carry tool calls
coding_llm.hasAccessToSensitiveSystems = True   # shell with cloud credentials, git push
coding_llm.executesCode = True                  # its tool calls run commands and tests
# Files, web pages, issues and the memory file are retrieved into the context (flows marked
# untrusted in the YAML); hasRAG is pytm's only attribute for outside text in the context.
coding_llm.hasRAG = True
# processesPersonalData stays False: the YAML names no personal data in the context.
authenticates(coding_llm, "api_key")

memory_file = mark(Datastore("Project memory file", inBoundary=laptop), "memory-file",
                   "file_store", ["internal"])
memory_file.type = DatastoreType.FILE_SYSTEM
memory_file.isSQL = False
memory_file.isShared = True                     # committed: every contributor writes to it
memory_file.hasWriteAccess = True

working_copy = mark(Datastore("Working copy", inBoundary=laptop), "working-copy", "file_store",
                    ["confidential"])
working_copy.type = DatastoreType.FILE_SYSTEM
working_copy.isSQL = False
working_copy.storesSensitiveData = True
working_copy.hasWriteAccess = True

file_tool = mark(Process("Read, edit and write files", inBoundary=laptop), "file-tool", "tool",
                 ["confidential"])              # processes source-code
file_tool.controls.hasAccessControl = True      # paths outside the project are refused

shell_tool = mark(Process("Shell commands", inBoundary=laptop), "shell-tool", "tool",
                  ["restricted"])               # cloud-credentials, git-credentials
shell_tool.usesEnvironmentVariables = True      # shell-env (protocol env)

test_runner = mark(Process("Allowlisted commands (tests, linters, build)", inBoundary=laptop),
                   "test-runner", "tool", ["restricted"])
test_runner.usesEnvironmentVariables = True     # test-env

git_tool = mark(Process("Git (status, diff, commit, push, fetch)", inBoundary=laptop),
                "git-tool", "tool", ["restricted", "confidential"])

package_tool = mark(Process("Package manager install", inBoundary=laptop), "package-tool", "tool",
                    ["restricted"])
package_tool.usesEnvironmentVariables = True    # package-env

web_tool = mark(Process("Web fetch and search", inBoundary=laptop), "web-tool", "tool")

mcp_server = mark(Process("Issue tracker MCP server (third party)", inBoundary=laptop),
                  "mcp-server", "tool", ["confidential"])   # processes issue-token
mcp_server.implementsAPI = True                 # serves MCP tools to the agent
mcp_server.usesEnvironmentVariables = True      # mcp-token (protocol env)

dev_secrets = mark(Datastore("Developer environment and keychain", inBoundary=laptop),
                   "dev-secrets", "secrets_store", ["restricted", "confidential"])
dev_secrets.isSQL = False
dev_secrets.storesSensitiveData = True

source_repo = mark(Datastore("Source repository", inBoundary=git_host), "source-repo",
                   "repository", ["confidential"])
source_repo.isSQL = False
source_repo.hasWriteAccess = True
source_repo.controls.hasAccessControl = True    # branch protection on main
authenticates(source_repo, "sso", "mfa", "token")

ci = mark(ExternalEntity("CI pipeline", inBoundary=git_host), "ci", "build_pipeline",
          ["restricted", "confidential"])       # deploy-credentials; processes source-code
cloud = mark(ExternalEntity("Company cloud account", inBoundary=company_cloud), "cloud-account",
             "saas", ["restricted"])
issue_tracker = mark(ExternalEntity("Issue tracker", inBoundary=issue_vendor), "issue-tracker",
                     "saas")
registry = mark(ExternalEntity("Public package registries", inBoundary=public_internet),
                "package-registry", "saas")
websites = mark(ExternalEntity("Any web page or search result", inBoundary=public_internet),
                "websites", "external_service")

# Flows, in the YAML's order
flow("task", developer, ide, content=["prompt", "text", "file"], data_classes=["confidential"])
flow("approvals", developer, ide, content=["text"])
flow("ide-to-agent", ide, agent, "stdio", ["prompt", "text", "file"], ["confidential"])
flow("agent-output", agent, ide, "stdio", ["markdown", "text", "code"])
flow("llm-key", dev_secrets, agent, "keychain", ["credentials"], data=["llm-api-key"])
flow("context-to-llm", agent, coding_llm, "https", ["prompt", "code", "tool_result"],
     ["confidential", "restricted"], ["source-code"], authenticated=True)
flow("model-turns", coding_llm, agent, "https", ["text", "code", "tool_call"], authenticated=True)
flow("memory-load", memory_file, agent, "file", ["markdown"], data=["agent-memory"],
     untrusted=True)
flow("memory-save", agent, memory_file, "file", ["markdown"], data=["agent-memory"])
flow("file-call", agent, file_tool, content=["tool_call"])
flow("file-read", working_copy, file_tool, "file", ["code", "text", "markdown"],
     data=["source-code"], untrusted=True)
flow("file-write", file_tool, working_copy, "file", ["code", "file"], data=["source-code"])
flow("file-result", file_tool, agent, content=["tool_result", "code"], data=["source-code"],
     untrusted=True)
flow("shell-call", agent, shell_tool, content=["tool_call", "shell"])
flow("shell-env", dev_secrets, shell_tool, "env", ["credentials"],
     data=["cloud-credentials", "git-credentials"])
flow("shell-files", shell_tool, working_copy, "file", ["file", "code"])
flow("cloud-api", shell_tool, cloud, "https", ["json", "credentials"], data=["cloud-credentials"],
     authenticated=True)
flow("cloud-response", cloud, shell_tool, "https", ["json"], data=["customer-data"],
     authenticated=True)
flow("shell-result", shell_tool, agent, content=["tool_result", "text", "logs"], untrusted=True)
flow("test-call", agent, test_runner, content=["tool_call", "shell"])
flow("test-code", working_copy, test_runner, "file", ["code"], data=["source-code"],
     untrusted=True)
flow("test-env", dev_secrets, test_runner, "env", ["credentials"], data=["cloud-credentials"])
flow("test-result", test_runner, agent, content=["tool_result", "logs"])
flow("git-call", agent, git_tool, content=["tool_call"])
flow("git-read-tree", working_copy, git_tool, "file", ["code"], data=["source-code"])
flow("git-key", dev_secrets, git_tool, "ssh-agent", ["credentials"], data=["git-credentials"])
flow("git-push", git_tool, source_repo, "ssh", ["code"], data=["source-code"], authenticated=True)
flow("git-fetch", source_repo, git_tool, "ssh", ["code"], authenticated=True, untrusted=True)
flow("git-checkout", git_tool, working_copy, "file", ["code"])
flow("git-result", git_tool, agent, content=["tool_result", "text"])
flow("push-trigger", source_repo, ci, "https", ["code"], data=["source-code"], authenticated=True)
flow("deploy", ci, cloud, "https", ["binary", "credentials"], data=["deploy-credentials"],
     authenticated=True)
flow("web-call", agent, web_tool, content=["tool_call", "url"])
flow("web-request", web_tool, websites, "https", ["url", "text"], ["confidential"])
flow("web-response", websites, web_tool, "https", ["html", "markdown", "text"], untrusted=True)
flow("web-result", web_tool, agent, content=["tool_result", "markdown"], untrusted=True)
flow("package-call", agent, package_tool, content=["tool_call", "shell"])
flow("package-request", package_tool, registry, "https", ["text"])
flow("package-download", registry, package_tool, "https", ["code", "binary"], untrusted=True)
flow("package-env", dev_secrets, package_tool, "env", ["credentials"], data=["cloud-credentials"])
flow("package-install", package_tool, working_copy, "file", ["code", "binary", "file"])
flow("package-result", package_tool, agent, content=["tool_result", "logs"])
flow("mcp-call", agent, mcp_server, "stdio", ["tool_call"])
flow("mcp-token", dev_secrets, mcp_server, "env", ["credentials"], data=["issue-token"])
flow("issue-query", mcp_server, issue_tracker, "https", ["text"], data=["issue-token"],
     authenticated=True)
flow("issue-text", issue_tracker, mcp_server, "https", ["markdown", "text", "json"],
     authenticated=True, untrusted=True)
flow("mcp-result", mcp_server, agent, "stdio", ["tool_result", "markdown"], untrusted=True)

if __name__ == "__main__":
    main(tm)
