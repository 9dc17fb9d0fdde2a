// Reference catalogs (MITRE ATT&CK today; ATLAS, OWASP and NIST AI RMF tables next) read at run
// time from the TSV files of the shared corpora, which Quarry does not copy into its own tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace quarry::catalog {

// The shared corpora folder (third-party rules, logs and catalogs): $QUARRY_CORPORA, else the
// corpora beside the source tree Quarry was built from; "" when neither exists.
std::string FindCorpora();

// The folder holding the catalog files: $QUARRY_CATALOGS, else $QUARRY_CORPORA/catalogs, else
// the shared corpora beside the source tree Quarry was built from; "" when none has them.
std::string FindDirectory();

struct Tactic {
  std::string id;         // TA0006
  std::string name;       // Credential Access
  std::string shortname;  // credential-access (Sigma tags it attack.credential-access)
};

struct Technique {
  std::string id;                    // T1003.001
  std::string name;                  // LSASS Memory
  std::vector<std::string> tactics;  // shortnames: credential-access
};

// The technique a Sigma tag names (attack.t1003.001, any case) as T1003.001; "" for other tags.
std::string TechniqueOfTag(std::string_view tag);

// Every technique named by the tags in TEXT (a JSON array of tags, or tags separated by spaces
// or commas), in order of appearance, each once.
std::vector<std::string> TechniquesOfTags(std::string_view text);

// ATT&CK Enterprise: tactics in matrix order, techniques and sub-techniques by id.
class Attack {
 public:
  // Reads DIR/attack_enterprise_tactics.tsv and attack_enterprise_techniques.tsv; errors name
  // the file and line.
  static Result<Attack> Load(const std::string& dir);
  // From FindDirectory(); an error saying where it looked when no folder has the catalogs.
  static Result<Attack> LoadDefault();

  const std::vector<Tactic>& tactics() const { return tactics_; }
  // The tactic a Sigma tag names (attack.credential-access or attack.credential_access, any
  // case), or nullptr for technique, group and software tags and for anything else.
  const Tactic* TacticOfTag(std::string_view tag) const;
  // Sorted by id.
  const std::vector<Technique>& techniques() const { return techniques_; }
  const Technique* FindTechnique(std::string_view id) const;  // T1003.001, any case

 private:
  std::vector<Tactic> tactics_;
  std::vector<Technique> techniques_;
};

}  // namespace quarry::catalog
