// Assistant settings of a case, from DIR/quarry.toml:
//
//   data_class = "internal"        # the case's data: public | internal | confidential | restricted
//   [assist]
//   provider = "local"             # builtin (default) or a provider named below
//   pseudonymize = false           # users, hosts and IPs replaced by tokens in prompts
//   [assist.providers.local]
//   kind = "ollama"                # openai (any OpenAI-compatible server) | anthropic | ollama
//   endpoint = "http://127.0.0.1:11434"
//   model = "llama3.1"
//   api_key_env = ""               # the environment variable holding the key, never the key
//   timeout_seconds = 30
//   retries = 1
//   data_classes = ["public", "internal", "confidential", "restricted"]
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace quarry::assist {

struct ProviderConfig {
  std::string name;  // the name it is configured under ("local"), or its kind
  std::string kind;  // openai | anthropic | ollama
  std::string endpoint;
  std::string model;
  std::string api_key_env;
  int timeout_seconds = 30;
  int retries = 1;  // further tries after a failed one (connection error, 429, 5xx)
  int max_tokens = 1024;
  // The data classes this provider may receive. Unset: every class for an endpoint on this
  // machine (127.0.0.1, localhost), public and internal for any other.
  std::vector<std::string> data_classes;
};

struct AssistConfig {
  std::string data_class = "internal";
  std::string provider = "builtin";
  bool pseudonymize = false;
  std::map<std::string, ProviderConfig> providers;
};

// The case's settings; defaults when quarry.toml is absent. A malformed file is an error that
// names the file, line and what is wrong.
Result<AssistConfig> LoadAssistConfig(const std::string& case_dir);

// Data classes, least sensitive first; -1 for a name that is not one.
int DataClassRank(const std::string& name);

// Whether `provider` may receive data of `data_class`; when not, `why` names the rule.
bool Sanctioned(const ProviderConfig& provider, const std::string& data_class, std::string& why);

}  // namespace quarry::assist
