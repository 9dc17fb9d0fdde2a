// What reaches the assistant from outside: a model's answer (read strictly, then scrubbed and
// pseudonymized back and forth) and a person's question (read by the built-in provider into a
// spec and written as KQL). The first byte picks which.
#include <cstddef>
#include <cstdint>
#include <string>

#include "assist/llm_provider.h"
#include "assist/redact.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    std::string query, explanation;
    quarry::assist::ParseModelAnswer(text, query, explanation);
    quarry::assist::Redacted redacted = quarry::assist::RedactSecrets(text);
    quarry::assist::Pseudonymizer p;
    p.Add(quarry::assist::Pseudonymizer::Kind::kUser, "alice");
    std::string sent = p.Apply(redacted.text);
    (void)p.Restore(sent);
    return 0;
  }
  auto provider = quarry::assist::MakeBuiltinProvider();
  quarry::assist::DraftRequest request;
  request.question = text;
  size_t split = text.find('\n');
  if (split != std::string::npos) {  // a refinement over an earlier question
    request.earlier_questions.push_back(text.substr(0, split));
    request.question = text.substr(split + 1);
  }
  (void)provider->Answer(request);
  return 0;
}
