#include "threatmodel/attributes.h"

#include <algorithm>

#include "core/strings.h"

namespace quarry::threatmodel {

const char* SubjectName(Subject subject) {
  return subject == Subject::kComponent ? "component" : "flow";
}

const std::vector<KindSpec>& Kinds() {
  static const std::vector<KindSpec> kKinds = {
      {"user", {"actor", "person"}, "a person using the system"},
      {"browser", {"client", "mobile_app"}, "a browser or other client the user runs"},
      {"web_app", {}, "a server that renders pages for browsers"},
      {"api_service", {"service", "api"}, "a service answering requests from programs"},
      {"process", {}, "a worker, job, CLI or daemon"},
      {"llm", {}, "a language model endpoint"},
      {"agent", {"orchestrator"}, "an orchestrator that calls models and tools in a loop"},
      {"tool", {"plugin", "mcp_server"}, "a tool, plugin or MCP server an agent can call"},
      {"vector_store",
       {"retrieval_store", "vector_database"},
       "a retrieval store or vector database"},
      {"prompt", {"system_prompt", "prompt_template"}, "a prompt template or system prompt"},
      {"model_registry", {}, "where model weights are published or pulled from"},
      {"training_pipeline", {"fine_tuning_pipeline"}, "training or fine-tuning"},
      {"dataset", {}, "a training, evaluation or fine-tuning dataset"},
      {"secrets_store", {"vault"}, "a vault or secrets manager"},
      {"database", {"datastore"}, "a relational or document database"},
      {"file_store", {"object_store"}, "files or objects: a disk, a bucket, a share"},
      {"queue", {}, "a message queue or event bus"},
      {"identity_provider", {"idp"}, "an identity provider, SSO or token issuer"},
      {"repository", {}, "a source code repository"},
      {"build_pipeline", {"ci"}, "CI/CD that builds and deploys"},
      {"saas", {"third_party", "external_service"}, "a third-party service"},
  };
  return kKinds;
}

std::string CanonicalKind(std::string_view kind) {
  std::string key = AsciiToLower(TrimAscii(kind));
  std::replace(key.begin(), key.end(), '-', '_');
  for (const auto& spec : Kinds()) {
    if (key == spec.kind) return spec.kind;
    for (const char* alias : spec.aliases) {
      if (key == alias) return spec.kind;
    }
  }
  return {};
}

const std::vector<const char*>& DataClasses() {
  static const std::vector<const char*> kClasses = {"public", "internal", "confidential",
                                                    "restricted"};
  return kClasses;
}

const std::vector<AttributeSpec>& Attributes() {
  using T = AttributeType;
  constexpr Subject C = Subject::kComponent;
  constexpr Subject F = Subject::kFlow;
  static const std::vector<const char*> kKindNames = [] {
    std::vector<const char*> names;
    for (const auto& spec : Kinds()) names.push_back(spec.kind);
    return names;
  }();
  static const std::vector<AttributeSpec> kAttributes = {
      {"kind", C, T::kEnum, kKindNames, "", false, "what the component is"},
      {"internet_facing", C, T::kBool, {}, "false", false, "reachable from the internet"},
      {"third_party",
       C,
       T::kBool,
       {},
       "false",
       false,
       "operated by someone else (true by default for saas and hosted llm)"},
      {"data_classes", C, T::kEnumList, DataClasses(), "", false,
       "data it holds or handles, plus the classes of assets it stores or processes"},
      {"tech",
       C,
       T::kEnumList,
       {"sql",
        "nosql",
        "ldap",
        "xml",
        "graphql",
        "rest",
        "soap",
        "grpc",
        "html",
        "markdown",
        "templates",
        "file_upload",
        "deserialization",
        "cookies",
        "sessions",
        "jwt",
        "oauth",
        "saml",
        "redirects",
        "cors",
        "websockets",
        "url_fetch",
        "email",
        "shell",
        "regex",
        "cache",
        "serverless",
        "container",
        "cloud",
        "logging",
        "pdf"},
       "",
       false,
       "what it uses that has known weaknesses"},
      {"authentication",
       C,
       T::kEnumList,
       {"none", "password", "mfa", "sso", "api_key", "oauth", "mtls", "session", "token"},
       "",
       false,
       "how callers prove who they are"},
      {"hosting",
       C,
       T::kEnum,
       {"hosted", "self_hosted"},
       "hosted",
       false,
       "llm: run by a provider or by you"},
      {"provider", C, T::kText, {}, "", false, "llm, saas: whose service"},
      {"model", C, T::kText, {}, "", false, "llm: which model"},
      {"memory",
       C,
       T::kEnum,
       {"none", "session", "persistent"},
       "none",
       false,
       "agent, llm: what it keeps between turns or sessions"},
      {"autonomy",
       C,
       T::kEnum,
       {"supervised", "autonomous"},
       "autonomous",
       false,
       "agent: whether a person confirms each action"},
      {"permissions",
       C,
       T::kEnumList,
       {"read", "write", "execute", "network"},
       "",
       false,
       "tool, agent: what it may do"},
      {"approval",
       C,
       T::kEnum,
       {"none", "human"},
       "none",
       false,
       "tool: a person approves each call"},
      {"in_boundary", C, T::kBool, {}, "false", true, "inside some trust boundary"},
      {"protocol", F, T::kText, {}, "", false, "https, grpc, sql, stdio, mcp, …"},
      {"data_classes", F, T::kEnumList, DataClasses(), "", false,
       "data it carries, plus the classes of the assets in `data`"},
      {"content",
       F,
       T::kEnumList,
       {"text",    "html",        "markdown",  "json",        "xml",       "sql",
        "query",   "shell",       "code",      "url",         "file",      "image",
        "audio",   "prompt",      "tool_call", "tool_result", "embedding", "model",
        "dataset", "credentials", "token",     "logs",        "binary"},
       "",
       false,
       "what it carries"},
      {"authenticated", F, T::kBool, {}, "false", false, "the receiver knows who sent it"},
      {"encrypted",
       F,
       T::kBool,
       {},
       "false",
       false,
       "encrypted in transit (true by default for https, tls, ssh, sftp, wss, grpcs, mtls)"},
      {"untrusted",
       F,
       T::kBool,
       {},
       "false",
       false,
       "it carries content an outsider can write or influence"},
      {"tainted",
       F,
       T::kBool,
       {},
       "false",
       true,
       "untrusted, or its source receives a tainted flow"},
      {"crosses_boundary",
       F,
       T::kBool,
       {},
       "false",
       true,
       "its ends are not inside exactly the same boundaries"},
  };
  return kAttributes;
}

const AttributeSpec* FindAttribute(Subject subject, std::string_view name) {
  for (const auto& spec : Attributes()) {
    if (spec.subject == subject && name == spec.name) return &spec;
  }
  return nullptr;
}

bool AllowedValue(const AttributeSpec& spec, std::string_view value) {
  switch (spec.type) {
    case AttributeType::kBool:
      return value == "true" || value == "false";
    case AttributeType::kEnum:
    case AttributeType::kEnumList:
      return std::any_of(spec.values.begin(), spec.values.end(),
                         [&](const char* v) { return value == v; });
    case AttributeType::kText:
      return true;
  }
  return false;
}

std::string ValuesText(const AttributeSpec& spec) {
  if (spec.type == AttributeType::kBool) return "true or false";
  std::string out;
  for (size_t i = 0; i < spec.values.size(); ++i) {
    if (i > 0) out += i + 1 == spec.values.size() ? " or " : ", ";
    out += spec.values[i];
  }
  return out;
}

}  // namespace quarry::threatmodel
