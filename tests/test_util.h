#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/event.h"

namespace quarry::testing {

std::filesystem::path SourceDir();
// ../shared/corpora beside the checkout, or $QUARRY_CORPORA; empty when absent.
std::filesystem::path CorporaDir();
// A fresh empty directory under the system temp dir, removed at exit.
std::filesystem::path TempDir(const std::string& name);
std::string ReadFile(const std::filesystem::path& p);
// `text` cut at each line that is exactly `rule` ("====", "----"): the sections between.
std::vector<std::string> SplitSections(const std::string& text, const std::string& rule);
// Names of the folders directly under `dir`, sorted: the cases of a data-driven test.
std::vector<std::string> SubfolderNames(const std::filesystem::path& dir);
// `text` with every `from` replaced by `to` (paths made relative in golden outputs).
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to);
void WriteFile(const std::filesystem::path& p, const std::string& content);
// One line of canonical JSON for an event: table, time, provenance and typed fields.
std::string CanonicalEvent(const Event& e);

}  // namespace quarry::testing
