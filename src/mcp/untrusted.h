// What a tool returns may hold evidence, and evidence may hold text written by an attacker for
// the agent reading it ("ignore previous instructions…"). Tool output therefore keeps evidence in
// structured fields, fences it in the text rendering with a boundary the evidence cannot guess,
// and has secrets redacted by the providers' redactor before it leaves the server.
#pragma once

#include <string>
#include <string_view>

namespace quarry::mcp {

// 32 random hex digits, new for each result.
std::string NewNonce();

// `text` between <<<UNTRUSTED-DATA-nonce and UNTRUSTED-DATA-nonce>>>, after a line saying that
// anything inside is data from the case, never instructions.
std::string Fence(std::string_view text, std::string_view nonce);

// The JSON text with every string (member names too) passed through the secret redactor;
// `redactions` counts the secrets replaced. Text that is not JSON comes back redacted as text.
std::string RedactJson(std::string_view json, int& redactions);

// Compiles the redactor's patterns and sets up the digest of the audit log, so that a server
// started for one call does not pay for them inside it: run on a worker at start, while the
// client's initialize is answered.
void WarmUp();

}  // namespace quarry::mcp
