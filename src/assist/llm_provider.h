// Providers that ask a language model over HTTP: OpenAI-compatible chat completions (OpenAI,
// vLLM, llama.cpp server, LM Studio), Anthropic Messages and Ollama's chat API. The prompt
// carries the case's schema with example values, fenced as untrusted data; secrets are
// redacted (and, when asked, users, hosts and IPs pseudonymized) before anything is sent; the
// answer must be a JSON object with the query; every call is appended to DIR/audit.jsonl.
#pragma once

#include <memory>
#include <string>

#include "assist/config.h"
#include "assist/provider.h"

namespace quarry::assist {

struct HttpProviderOptions {
  ProviderConfig config;
  std::string case_dir;    // where audit.jsonl is appended, and whose schema is sent
  std::string data_class;  // the case's data class (policy)
  bool pseudonymize = false;
};

std::unique_ptr<Provider> MakeHttpProvider(HttpProviderOptions options);

// A model's answer read strictly: a JSON object with a non-empty "query" (and optionally an
// "explanation"), alone or in a ```json fence. False for anything else (prose, no query).
bool ParseModelAnswer(const std::string& text, std::string& query, std::string& explanation);

// The provider a hunt uses: "builtin", a provider configured in the case's quarry.toml, or a
// kind (openai, anthropic, ollama) with `endpoint` and `model` given on the command line.
Result<std::unique_ptr<Provider>> MakeProvider(const std::string& case_dir, std::string name,
                                               const std::string& endpoint,
                                               const std::string& model, int pseudonymize);

}  // namespace quarry::assist
