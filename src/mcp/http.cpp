#include "mcp/http.h"

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <simdjson.h>

#include <deque>
#include <iostream>
#include <memory>
#include <mutex>

#include "mcp/untrusted.h"

namespace quarry::mcp {
namespace {

constexpr const char* kStateless = "2026-07-28";
constexpr int kHeaderMismatch = -32020;
constexpr size_t kMaxSessions = 256;

// Sessions of clients that initialized, the oldest dropped first when there are too many.
class Sessions {
 public:
  std::shared_ptr<Session> Open(std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    id = NewToken();
    auto s = std::make_shared<Session>();
    sessions_.emplace_back(id, s);
    if (sessions_.size() > kMaxSessions) sessions_.pop_front();
    return s;
  }
  std::shared_ptr<Session> Find(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [sid, s] : sessions_) {
      if (sid == id) return s;
    }
    return nullptr;
  }
  bool Close(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->first == id) {
        sessions_.erase(it);
        return true;
      }
    }
    return false;
  }

 private:
  std::mutex mu_;
  std::deque<std::pair<std::string, std::shared_ptr<Session>>> sessions_;
};

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Loopback names only: a page that reached us through a rebound DNS name, or a page of another
// site, carries another host or origin.
bool LoopbackHost(std::string host) {
  if (host.rfind("http://", 0) == 0) host = host.substr(7);
  if (host.rfind("https://", 0) == 0) host = host.substr(8);
  if (!host.empty() && host[0] == '[') {
    return host.rfind("[::1]", 0) == 0;
  }
  host = host.substr(0, host.find(':'));
  return host == "127.0.0.1" || host == "localhost";
}

// A header value as sent, or decoded from the =?base64?…?= form clients use for non-ASCII.
std::string HeaderValue(const httplib::Request& req, const char* name) {
  std::string v = req.get_header_value(name);
  if (v.size() > 12 && v.rfind("=?base64?", 0) == 0 && v.substr(v.size() - 2) == "?=") {
    std::string b64 = v.substr(9, v.size() - 11);
    std::string out(b64.size(), '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(b64.data()),
                            static_cast<int>(b64.size()));
    if (n < 0) return v;
    out.resize(static_cast<size_t>(n));
    while (!b64.empty() && b64.back() == '=') {  // EVP_DecodeBlock counts padding as zeros
      b64.pop_back();
      out.pop_back();
    }
    return out;
  }
  return v;
}

void JsonError(httplib::Response& res, int status, int code, const std::string& message,
               const std::string& id = "null") {
  res.status = status;
  res.set_content(ErrorMessage(id, code, message), "application/json");
}

// What a message needs for the transport's checks: stateless or not, and the name it acts on.
struct Peek {
  bool stateless = false;
  std::string version;  // from _meta
  std::string name;     // params.name or params.uri
};

Peek PeekAt(const Message& m) {
  Peek p;
  simdjson::dom::parser parser;
  simdjson::dom::element params, meta;
  if (parser.parse(m.params).get(params) != simdjson::SUCCESS) return p;
  std::string_view v;
  if (params["_meta"].get(meta) == simdjson::SUCCESS &&
      meta["io.modelcontextprotocol/protocolVersion"].get_string().get(v) == simdjson::SUCCESS) {
    p.version.assign(v);
  }
  p.stateless = !p.version.empty() || m.method == "server/discover";
  if (params["name"].get_string().get(v) == simdjson::SUCCESS ||
      params["uri"].get_string().get(v) == simdjson::SUCCESS) {
    p.name.assign(v);
  }
  return p;
}

// The HTTP status of an answer: stateless requests map their errors onto statuses.
int StatusOf(const std::string& reply, bool stateless) {
  if (!stateless) return 200;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  int64_t code = 0;
  if (parser.parse(reply).get(doc) != simdjson::SUCCESS ||
      doc["error"]["code"].get_int64().get(code) != simdjson::SUCCESS) {
    return 200;
  }
  if (code == kMethodNotFound) return 404;
  if (code == kInvalidParams || code == kInvalidRequest || code == kParseError ||
      (code <= -32020 && code >= -32022)) {
    return 400;
  }
  return 200;
}

class Handler {
 public:
  Handler(Server& server, const HttpOptions& options) : server_(server), options_(options) {}

  // Token, host and origin: false with the response set when the request may not go on.
  bool Admit(const httplib::Request& req, httplib::Response& res) {
    if (!LoopbackHost(req.get_header_value("Host")) ||
        (req.has_header("Origin") && !LoopbackHost(req.get_header_value("Origin")))) {
      JsonError(res, 403, kInvalidRequest, "only pages served from this machine may call");
      return false;
    }
    std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) != 0 || !SameSecret(auth.substr(7), options_.token)) {
      res.set_header("WWW-Authenticate", "Bearer");
      JsonError(res, 401, kInvalidRequest,
                "missing or wrong bearer token (printed by quarry mcp --http at start)");
      return false;
    }
    return true;
  }

  void Post(const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    ParsedMessage parsed = ParseMessage(req.body);
    if (!parsed.ok) {
      JsonError(res, 400, parsed.error_code, parsed.error, parsed.error_id);
      return;
    }
    const Message& m = parsed.message;
    Peek peek = PeekAt(m);
    std::string header_version = req.get_header_value("MCP-Protocol-Version");
    const std::string id_or_null = m.id.empty() ? "null" : m.id;
    // Stateless (2026-07-28) rules first: the header and _meta name one version, and a request
    // that says 2026-07-28 in its header carries _meta. An unknown version both name is left to
    // the server, whose error lists the versions it speaks.
    if (!header_version.empty() && !peek.version.empty() && header_version != peek.version) {
      JsonError(res, 400, kHeaderMismatch,
                "MCP-Protocol-Version header '" + header_version.substr(0, 40) +
                    "' does not match the request's _meta version '" + peek.version.substr(0, 40) +
                    "'",
                id_or_null);
      return;
    }
    if (header_version == kStateless && peek.version.empty()) {
      JsonError(res, 400, kInvalidParams,
                "a 2026-07-28 request carries params._meta with "
                "io.modelcontextprotocol/protocolVersion",
                id_or_null);
      return;
    }
    if (!header_version.empty() && header_version != "2025-03-26" && peek.version.empty()) {
      const auto& known = ProtocolVersions();
      if (std::find(known.begin(), known.end(), header_version) == known.end()) {
        JsonError(res, 400, kInvalidRequest,
                  "unsupported MCP-Protocol-Version '" + header_version.substr(0, 40) + "'",
                  m.id.empty() ? "null" : m.id);
        return;
      }
    }
    std::shared_ptr<Session> session;
    std::string new_session_id;
    if (peek.stateless) {
      if (!peek.version.empty() && peek.version == kStateless) {
        std::string why = StatelessHeaders(req, m, peek, header_version);
        if (!why.empty()) {
          JsonError(res, 400, kHeaderMismatch, why, m.id.empty() ? "null" : m.id);
          return;
        }
      }
      session = std::make_shared<Session>();  // nothing is kept between stateless requests
    } else if (m.method == "initialize") {
      session = sessions_.Open(new_session_id);
      res.set_header("Mcp-Session-Id", new_session_id);
    } else {
      std::string id = req.get_header_value("Mcp-Session-Id");
      if (id.empty()) {
        JsonError(res, 400, kInvalidRequest,
                  "Mcp-Session-Id is required: initialize first, or send stateless "
                  "(2026-07-28) requests",
                  m.id.empty() ? "null" : m.id);
        return;
      }
      session = sessions_.Find(id);
      if (!session) {
        JsonError(res, 404, kInvalidRequest,
                  "no session " + id.substr(0, 64) + ": initialize again",
                  m.id.empty() ? "null" : m.id);
        return;
      }
    }
    if (m.kind != Message::Kind::kRequest) {
      (void)server_.Handle(parsed, *session, [](const std::string&) {});
      res.status = 202;
      return;
    }
    bool sse = Server::MayTakeLong(m.method) &&
               req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
    if (!sse) {
      std::string reply = server_.Handle(parsed, *session, [](const std::string&) {});
      res.status = StatusOf(reply, peek.stateless);
      res.set_content(reply, "application/json");
      return;
    }
    // The call runs while the stream is written: notifications first, then the answer. A
    // stream the client closed cancels the call.
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    Server* server = &server_;
    res.set_chunked_content_provider(
        "text/event-stream", [server, session, parsed](size_t, httplib::DataSink& sink) {
          auto event = [&](const std::string& line) {
            std::string data = "event: message\ndata: " + line + "\n\n";
            if (!sink.write(data.data(), data.size())) {
              std::lock_guard<std::mutex> lock(session->mu);
              auto it = session->running.find(parsed.message.id);
              if (it != session->running.end()) *it->second = true;
            }
          };
          std::string reply = server->Handle(parsed, *session, event);
          if (!reply.empty()) event(reply);
          sink.done();
          return true;
        });
  }

  void Delete(const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::string id = req.get_header_value("Mcp-Session-Id");
    if (id.empty()) {
      res.status = 405;
      return;
    }
    res.status = sessions_.Close(id) ? 200 : 404;
  }

  void Get(const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    res.status = 405;  // no stream the server starts: everything comes as an answer to a POST
    res.set_header("Allow", "POST, DELETE");
  }

 private:
  // Why a stateless request's headers do not match its body ("" when they do).
  static std::string StatelessHeaders(const httplib::Request& req, const Message& m,
                                      const Peek& peek, const std::string& header_version) {
    if (header_version != peek.version) {
      return "MCP-Protocol-Version header '" + header_version.substr(0, 40) +
             "' does not match the request's _meta version '" + peek.version + "'";
    }
    std::string method = HeaderValue(req, "Mcp-Method");
    if (method != m.method) {
      return "Mcp-Method header '" + method.substr(0, 100) + "' does not match the method '" +
             m.method.substr(0, 100) + "'";
    }
    if (m.method == "tools/call" || m.method == "resources/read" || m.method == "prompts/get") {
      std::string name = HeaderValue(req, "Mcp-Name");
      if (name != peek.name) {
        return "Mcp-Name header '" + name.substr(0, 100) + "' does not match the request's '" +
               peek.name.substr(0, 100) + "'";
      }
    }
    return "";
  }

  Server& server_;
  const HttpOptions& options_;
  Sessions sessions_;
};

}  // namespace

std::string NewToken() {
  return NewNonce();
}

Status ServeHttp(Server& server, const HttpOptions& options) {
  httplib::Server http;
  Handler handler(server, options);
  http.set_payload_max_length(kMaxMessageBytes);
  http.Post("/mcp",
            [&](const httplib::Request& req, httplib::Response& res) { handler.Post(req, res); });
  http.Delete("/mcp", [&](const httplib::Request& req, httplib::Response& res) {
    handler.Delete(req, res);
  });
  http.Get("/mcp",
           [&](const httplib::Request& req, httplib::Response& res) { handler.Get(req, res); });
  if (!http.bind_to_port("127.0.0.1", options.port)) {
    return IoError("cannot listen on 127.0.0.1:" + std::to_string(options.port) + " (in use?)");
  }
  std::cerr << "quarry mcp: Streamable HTTP on http://127.0.0.1:" << options.port
            << "/mcp\nquarry mcp: bearer token " << options.token << "\n";
  std::cerr.flush();
  if (!http.listen_after_bind()) return IoError("the HTTP server stopped");
  return Status::Ok();
}

}  // namespace quarry::mcp
