#include "threatmodel/draft_template.h"

#include <algorithm>
#include <map>

#include "core/strings.h"

namespace quarry::threatmodel {
namespace {

// A phrase of the description (lower-case words; a trailing '*' matches any ending of the
// last word) and the component it stands for.
struct Phrase {
  const char* words;
  const char* id;
  const char* kind;
  const char* name;
};

// The table the drafter reads by. Order matters: the first phrase that matches at a position
// wins, so longer phrases come before the words they contain.
const std::vector<Phrase>& Phrases() {
  static const std::vector<Phrase> kPhrases = {
      {"vector database", "vector-store", "vector_store", "Vector store"},
      {"vector store", "vector-store", "vector_store", "Vector store"},
      {"knowledge base", "vector-store", "vector_store", "Knowledge base"},
      {"embedding*", "vector-store", "vector_store", "Vector store"},
      {"rag", "vector-store", "vector_store", "Retrieval store"},
      {"retriev*", "vector-store", "vector_store", "Retrieval store"},
      {"pinecone", "vector-store", "vector_store", "Pinecone"},
      {"weaviate", "vector-store", "vector_store", "Weaviate"},
      {"qdrant", "vector-store", "vector_store", "Qdrant"},
      {"chroma*", "vector-store", "vector_store", "Chroma"},
      {"pgvector", "vector-store", "vector_store", "pgvector"},
      {"system prompt*", "system-prompt", "prompt", "System prompt"},
      {"prompt template*", "system-prompt", "prompt", "Prompt templates"},
      {"web search", "web-tool", "tool", "Web search/fetch tool"},
      {"web fetch", "web-tool", "tool", "Web search/fetch tool"},
      {"brows* the web", "web-tool", "tool", "Web search/fetch tool"},
      {"fetch* url*", "web-tool", "tool", "Web search/fetch tool"},
      {"search* the web", "web-tool", "tool", "Web search/fetch tool"},
      {"search* the internet", "web-tool", "tool", "Web search/fetch tool"},
      {"edit* file*", "file-tool", "tool", "File read/write tool"},
      {"writ* file*", "file-tool", "tool", "File read/write tool"},
      {"read* file*", "file-tool", "tool", "File read/write tool"},
      {"file system", "file-tool", "tool", "File read/write tool"},
      {"shell", "shell-tool", "tool", "Shell tool"},
      {"terminal", "shell-tool", "tool", "Shell tool"},
      {"bash", "shell-tool", "tool", "Shell tool"},
      {"run* command*", "shell-tool", "tool", "Shell tool"},
      {"code interpreter", "code-tool", "tool", "Code execution tool"},
      {"sandbox*", "code-tool", "tool", "Code execution tool"},
      {"execut* code", "code-tool", "tool", "Code execution tool"},
      {"package manager", "package-tool", "tool", "Package install tool"},
      {"npm", "package-tool", "tool", "Package install tool"},
      {"pip", "package-tool", "tool", "Package install tool"},
      {"mcp", "mcp-server", "tool", "MCP server"},
      {"plugin*", "plugin", "tool", "Plugin"},
      {"git", "git-tool", "tool", "Git tool"},
      {"pull request*", "git-tool", "tool", "Git tool"},
      {"repositor*", "repository", "repository", "Source repository"},
      {"repo", "repository", "repository", "Source repository"},
      {"github actions", "ci", "build_pipeline", "CI/CD"},
      {"ci", "ci", "build_pipeline", "CI/CD"},
      {"jenkins", "ci", "build_pipeline", "CI/CD"},
      {"fine-tun*", "fine-tuning", "training_pipeline", "Fine-tuning pipeline"},
      {"fine tun*", "fine-tuning", "training_pipeline", "Fine-tuning pipeline"},
      {"train*", "fine-tuning", "training_pipeline", "Training pipeline"},
      {"dataset*", "dataset", "dataset", "Dataset"},
      {"hugging face", "model-registry", "model_registry", "Model registry"},
      {"huggingface", "model-registry", "model_registry", "Model registry"},
      {"model registry", "model-registry", "model_registry", "Model registry"},
      {"model hub", "model-registry", "model_registry", "Model registry"},
      {"openai", "llm", "llm", "OpenAI model"},
      {"gpt*", "llm", "llm", "GPT model"},
      {"azure openai", "llm", "llm", "Azure OpenAI model"},
      {"claude", "llm", "llm", "Claude model"},
      {"anthropic", "llm", "llm", "Anthropic model"},
      {"gemini", "llm", "llm", "Gemini model"},
      {"bedrock", "llm", "llm", "Bedrock model"},
      {"ollama", "llm", "llm", "Ollama model"},
      {"llama*", "llm", "llm", "Llama model"},
      {"mistral", "llm", "llm", "Mistral model"},
      {"vllm", "llm", "llm", "vLLM model"},
      {"llm*", "llm", "llm", "Language model"},
      {"language model*", "llm", "llm", "Language model"},
      {"agent*", "agent", "agent", "Agent"},
      {"orchestrat*", "agent", "agent", "Orchestrator"},
      {"copilot", "agent", "agent", "Assistant"},
      {"assistant*", "agent", "agent", "Assistant"},
      {"chatbot*", "agent", "agent", "Chatbot"},
      {"bot", "agent", "agent", "Chatbot"},
      {"vault", "secrets", "secrets_store", "Secrets store"},
      {"secrets manager", "secrets", "secrets_store", "Secrets store"},
      {"api key*", "secrets", "secrets_store", "Secrets store"},
      {"credential*", "secrets", "secrets_store", "Secrets store"},
      {"postgres*", "database", "database", "Database"},
      {"mysql", "database", "database", "Database"},
      {"mongo*", "database", "database", "Database"},
      {"sqlite", "database", "database", "Database"},
      {"database*", "database", "database", "Database"},
      {"crm", "crm", "database", "CRM"},
      {"s3", "file-store", "file_store", "File store"},
      {"bucket*", "file-store", "file_store", "File store"},
      {"upload*", "file-store", "file_store", "Uploaded files"},
      {"document*", "file-store", "file_store", "Documents"},
      {"kafka", "queue", "queue", "Queue"},
      {"queue*", "queue", "queue", "Queue"},
      {"sqs", "queue", "queue", "Queue"},
      {"okta", "idp", "identity_provider", "Identity provider"},
      {"auth0", "idp", "identity_provider", "Identity provider"},
      {"sso", "idp", "identity_provider", "Identity provider"},
      {"identity provider", "idp", "identity_provider", "Identity provider"},
      {"slack", "slack", "saas", "Slack"},
      {"jira", "jira", "saas", "Jira"},
      {"zendesk", "zendesk", "saas", "Zendesk"},
      {"salesforce", "salesforce", "saas", "Salesforce"},
      {"confluence", "confluence", "saas", "Confluence"},
      {"email*", "email", "saas", "Email"},
      {"ticketing", "ticketing", "saas", "Ticketing system"},
      {"web app*", "web-app", "web_app", "Web application"},
      {"website", "web-app", "web_app", "Web application"},
      {"portal", "web-app", "web_app", "Web portal"},
      {"frontend", "web-app", "web_app", "Web front end"},
      {"browser*", "browser", "browser", "Browser"},
      {"mobile app*", "browser", "browser", "Mobile app"},
      {"api*", "api", "api_service", "API service"},
      {"backend", "api", "api_service", "Back end"},
      {"customer*", "customer", "user", "Customer"},
      {"user*", "user", "user", "User"},
      {"employee*", "user", "user", "Employee"},
      {"developer*", "developer", "user", "Developer"},
      {"analyst*", "user", "user", "Analyst"},
  };
  return kPhrases;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (keep) {
      word += AsciiLower(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool WordMatches(const std::string& pattern, const std::string& word) {
  if (!pattern.empty() && pattern.back() == '*')
    return word.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return word == pattern;
}

// How many words of WORDS at AT the phrase covers; 0 when it does not match there.
size_t Match(const Phrase& phrase, const std::vector<std::string>& words, size_t at) {
  std::vector<std::string> patterns;
  std::string current;
  for (const char* p = phrase.words; *p; ++p) {
    if (*p == ' ') {
      patterns.push_back(current);
      current.clear();
    } else {
      current += *p;
    }
  }
  patterns.push_back(current);
  if (at + patterns.size() > words.size()) return 0;
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (!WordMatches(patterns[i], words[at + i])) return 0;
  }
  return patterns.size();
}

bool Mentions(const std::vector<std::string>& words, std::initializer_list<const char*> any) {
  for (const auto& w : words) {
    for (const char* p : any) {
      if (WordMatches(p, w)) return true;
    }
  }
  return false;
}

class Drafter {
 public:
  explicit Drafter(std::string_view description) : words_(Words(description)) {
    out_.model.name = "Drafted system";
    out_.model.description = std::string(description);
  }

  TemplateDraft Run() {
    Recognize();
    if (out_.model.components.empty()) {
      out_.questions.push_back(
          "No component was recognized. Name the parts: who uses it, which model (hosted or "
          "self-hosted), which tools or data stores it reaches.");
      return std::move(out_);
    }
    Complete();
    Connect();
    Bound();
    Ask();
    return std::move(out_);
  }

 private:
  Component* Find(const std::string& id) {
    for (auto& c : out_.model.components) {
      if (c.id == id) return &c;
    }
    return nullptr;
  }
  std::vector<Component*> OfKind(const char* kind) {
    std::vector<Component*> out;
    for (auto& c : out_.model.components) {
      if (c.kind == kind) out.push_back(&c);
    }
    return out;
  }
  Component& Add(const std::string& id, const char* kind, const std::string& name) {
    if (Component* c = Find(id)) return *c;
    Component c;
    c.id = id;
    c.kind = kind;
    c.name = name;
    c.attributes["kind"] = {kind};
    out_.model.components.push_back(std::move(c));
    return out_.model.components.back();
  }

  void Recognize() {
    static const std::vector<std::string> kHumanRoles = {"support", "human", "service", "sales",
                                                         "call"};
    for (size_t at = 0; at < words_.size();) {
      size_t used = 0;
      for (const Phrase& p : Phrases()) {
        used = Match(p, words_, at);
        if (used == 0) continue;
        std::string id = p.id;
        const char* kind = p.kind;
        std::string name = p.name;
        // "support agents" are people, not an AI agent.
        if (std::string_view(kind) == "agent" && words_[at].rfind("agent", 0) == 0 && at > 0 &&
            std::find(kHumanRoles.begin(), kHumanRoles.end(), words_[at - 1]) !=
                kHumanRoles.end()) {
          id = "support-staff";
          kind = "user";
          name = "Support staff";
        }
        std::string phrase;
        for (size_t i = at; i < at + used; ++i) phrase += (phrase.empty() ? "" : " ") + words_[i];
        bool fresh = Find(id) == nullptr;
        Component& c = Add(id, kind, name);
        if (fresh) out_.recognized.push_back(phrase + " → " + c.id + " (" + c.kind + ")");
        if (c.kind == "llm") Hosting(c, words_[at]);
        break;
      }
      at += used > 0 ? used : 1;
    }
  }

  void Hosting(Component& llm, const std::string& word) {
    static const std::map<std::string, std::pair<const char*, const char*>> kProviders = {
        {"openai", {"openai", "hosted"}},         {"gpt", {"openai", "hosted"}},
        {"azure", {"azure-openai", "hosted"}},    {"claude", {"anthropic", "hosted"}},
        {"anthropic", {"anthropic", "hosted"}},   {"gemini", {"google", "hosted"}},
        {"bedrock", {"aws-bedrock", "hosted"}},   {"ollama", {"ollama", "self_hosted"}},
        {"llama", {"meta-llama", "self_hosted"}}, {"mistral", {"mistral", "self_hosted"}},
        {"vllm", {"vllm", "self_hosted"}}};
    for (const auto& [prefix, provider] : kProviders) {
      if (word.rfind(prefix, 0) != 0 || llm.attributes.count("provider")) continue;
      llm.attributes["provider"] = {provider.first};
      llm.attributes["hosting"] = {provider.second};
    }
    if (Mentions(words_, {"self-hosted", "on-prem*", "locally", "local"}))
      llm.attributes["hosting"] = {"self_hosted"};
  }

  // Parts every such system has that the description left implicit.
  void Complete() {
    bool has_llm = !OfKind("llm").empty();
    if (has_llm && OfKind("agent").empty()) {
      bool app = !OfKind("web_app").empty() || !OfKind("api_service").empty();
      if (!OfKind("tool").empty() || !app) Add("orchestrator", "agent", "Orchestrator");
    }
    if (!OfKind("agent").empty() && !has_llm) Add("llm", "llm", "Language model");
    if (OfKind("user").empty()) Add("user", "user", "User");
    static const std::map<std::string, std::vector<std::string>> kPermissions = {
        {"shell-tool", {"execute"}},
        {"code-tool", {"execute"}},
        {"package-tool", {"execute", "network"}},
        {"web-tool", {"network"}},
        {"git-tool", {"read", "write"}},
        {"file-tool", {"read", "write"}}};
    for (auto& c : out_.model.components) {
      auto it = kPermissions.find(c.id);
      if (it != kPermissions.end()) c.attributes["permissions"] = it->second;
      if (c.kind == "browser" || c.kind == "web_app") c.attributes["internet_facing"] = {"true"};
    }
    if (Mentions(words_, {"pii", "personal", "medical", "health", "payment*", "card*", "ssn"})) {
      Asset a;
      a.id = "personal-data";
      a.name = "Personal data";
      a.data_class = "restricted";
      for (const char* kind : {"database", "file_store", "vector_store"}) {
        for (Component* c : OfKind(kind)) a.stored_in.push_back({c->id, 0});
      }
      out_.model.assets.push_back(std::move(a));
    }
  }

  void Flow(const std::string& from, const std::string& to, std::vector<std::string> content,
            bool untrusted = false) {
    if (from == to) return;
    for (const auto& f : out_.model.flows) {
      if (f.from == from && f.to == to) return;
    }
    struct Flow f;
    f.from = from;
    f.to = to;
    f.id = from + "->" + to;
    f.attributes["content"] = std::move(content);
    if (untrusted) f.attributes["untrusted"] = {"true"};
    out_.model.flows.push_back(std::move(f));
  }

  void Connect() {
    std::string entry;  // where people's requests arrive
    for (const char* kind : {"browser", "web_app", "api_service", "agent", "llm"}) {
      if (auto list = OfKind(kind); !list.empty()) {
        entry = list.front()->id;
        break;
      }
    }
    for (Component* u : OfKind("user")) Flow(u->id, entry, {"text"}, true);
    auto chain = [&](const char* from_kind, const char* to_kind,
                     const std::vector<std::string>& content) {
      for (Component* a : OfKind(from_kind))
        for (Component* b : OfKind(to_kind)) Flow(a->id, b->id, content);
    };
    chain("browser", "web_app", {"text"});
    chain("web_app", "api_service", {"json"});
    std::string caller = !OfKind("agent").empty() ? OfKind("agent").front()->id : "";
    if (caller.empty()) {
      for (const char* kind : {"api_service", "web_app"}) {
        if (auto list = OfKind(kind); !list.empty()) {
          caller = list.front()->id;
          break;
        }
      }
    } else {
      for (const char* kind : {"api_service", "web_app"}) {
        if (auto list = OfKind(kind); !list.empty()) {
          Flow(list.front()->id, caller, {"prompt"});
          break;
        }
      }
    }
    if (caller.empty()) return;
    for (Component* llm : OfKind("llm")) Flow(caller, llm->id, {"prompt"});
    for (Component* p : OfKind("prompt")) Flow(p->id, caller, {"prompt"});
    for (Component* t : OfKind("tool")) {
      Flow(caller, t->id, {"tool_call"});
      const auto& perms = t->attributes["permissions"];
      bool outside = std::find(perms.begin(), perms.end(), "network") != perms.end();
      Flow(t->id, caller, {"tool_result"}, outside);
    }
    for (Component* v : OfKind("vector_store")) Flow(v->id, caller, {"text"});
    for (Component* f : OfKind("file_store")) {
      for (Component* v : OfKind("vector_store")) Flow(f->id, v->id, {"file"});
      if (OfKind("vector_store").empty()) Flow(f->id, caller, {"file"});
    }
    for (Component* s : OfKind("saas")) {
      Flow(s->id, caller, {"text"}, true);
      Flow(caller, s->id, {"tool_call"});
    }
    chain("identity_provider", "web_app", {"token"});
    for (const char* kind : {"database", "queue"}) {
      for (Component* d : OfKind(kind)) {
        Flow(caller, d->id, {kind == std::string_view("database") ? "sql" : "json"});
        Flow(d->id, caller, {"json"});
      }
    }
    for (Component* s : OfKind("secrets_store")) Flow(s->id, caller, {"credentials"});
    chain("repository", "build_pipeline", {"code"});
    chain("dataset", "training_pipeline", {"dataset"});
    chain("training_pipeline", "model_registry", {"model"});
    chain("model_registry", "llm", {"model"});
    for (Component* git : OfKind("tool")) {
      if (git->id == "git-tool")
        for (Component* r : OfKind("repository")) Flow(git->id, r->id, {"code"});
    }
  }

  void Bound() {
    Boundary internet{"internet", "Internet", "", {}, 0};
    Boundary ours{"ours", "Our infrastructure", "", {}, 0};
    Boundary providers{"model-provider", "Model provider", "", {}, 0};
    Boundary vendors{"saas-vendors", "SaaS vendors", "", {}, 0};
    for (const auto& c : out_.model.components) {
      const auto& hosting = c.attributes.count("hosting") ? c.attributes.at("hosting")
                                                          : std::vector<std::string>{"hosted"};
      Boundary& b = (c.kind == "user" || c.kind == "browser")          ? internet
                    : c.kind == "saas"                                 ? vendors
                    : (c.kind == "llm" && hosting.front() == "hosted") ? providers
                                                                       : ours;
      b.contains.push_back({c.id, 0});
    }
    for (Boundary* b : {&internet, &ours, &providers, &vendors}) {
      if (!b->contains.empty()) out_.model.boundaries.push_back(std::move(*b));
    }
  }

  void Ask() {
    auto& q = out_.questions;
    for (Component* llm : OfKind("llm")) {
      if (!llm->attributes.count("provider"))
        q.push_back(llm->id + ": which model, and is it hosted by a provider or self_hosted?");
      q.push_back(llm->id +
                  ": which data classes may reach it (public, internal, confidential, "
                  "restricted)? Set data_classes on the flows into it.");
    }
    for (Component* a : OfKind("agent")) {
      q.push_back(a->id +
                  ": does a person confirm each action (autonomy: supervised) or not "
                  "(autonomous)? What does it remember (memory: none, session, "
                  "persistent)?");
    }
    for (Component* t : OfKind("tool")) {
      q.push_back(t->id +
                  ": what may it do (permissions: read, write, execute, network), and "
                  "does a person approve each call (approval: human)?");
    }
    for (Component* v : OfKind("vector_store")) {
      q.push_back(v->id +
                  ": who writes the documents it returns? If customers, the public or "
                  "other tenants can, mark its flows untrusted: true.");
    }
    for (Component* s : OfKind("saas")) {
      q.push_back(s->id +
                  ": can outsiders write what it returns (tickets, email, messages)? "
                  "The draft assumes they can (untrusted).");
    }
    q.push_back(
        "Which flows are authenticated and encrypted? Set protocol (https encrypts) and "
        "authenticated on each.");
    q.push_back(
        "Are the boundaries right: what runs on your infrastructure, at the model "
        "provider and at SaaS vendors?");
  }

  std::vector<std::string> words_;
  TemplateDraft out_;
};

}  // namespace

TemplateDraft DraftFromDescription(std::string_view description) {
  return Drafter(description).Run();
}

}  // namespace quarry::threatmodel
