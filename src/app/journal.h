// `quarry journal …` as jobs: the case's entries, one entry, the chain check, the Markdown report
// and signing keys. Renderings are here too, so every front end prints the same.
#pragma once

#include <string>
#include <vector>

#include "app/render.h"
#include "core/status.h"
#include "journal/journal.h"

namespace quarry::app {

// Every entry; NotFound when there is no case at `case_dir`.
Result<std::vector<journal::Entry>> JournalEntries(const std::string& case_dir);
// Entry `seq`; NotFound naming how many there are.
Result<journal::Entry> JournalEntry(const std::string& case_dir, uint64_t seq);
// The chain check; with `public_key` (PEM file), every entry must carry its holder's signature.
Result<journal::VerifyReport> VerifyJournal(const std::string& case_dir,
                                            const std::string& public_key);
// The readable report, with a warning at its end when the chain is not intact.
Result<std::string> JournalMarkdown(const std::string& case_dir);
// An Ed25519 key pair: `path` (private) and `path`.pub.
Status MakeSigningKey(const std::string& path);

Table JournalTable(const std::vector<journal::Entry>& entries);  // seq, time, kind, author, title
std::string JournalJson(const std::vector<journal::Entry>& entries);  // an array of entry lines
std::string VerifyText(const journal::VerifyReport& report, bool signatures_required);

}  // namespace quarry::app
