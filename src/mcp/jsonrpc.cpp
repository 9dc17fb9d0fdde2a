#include "mcp/jsonrpc.h"

#include <simdjson.h>

#include "core/json.h"

namespace quarry::mcp {
namespace {

ParsedMessage Failure(int code, std::string error, std::string id = "null") {
  ParsedMessage p;
  p.error_code = code;
  p.error = std::move(error);
  p.error_id = std::move(id);
  return p;
}

// The id as JSON text, or "" when it is not a string or an integer.
std::string IdText(simdjson::dom::element id) {
  std::string out;
  JsonWriter w(out);
  switch (id.type()) {
    case simdjson::dom::element_type::STRING:
      w.String(std::string_view(id.get_string().value_unsafe()));
      return out;
    case simdjson::dom::element_type::INT64:
      return std::to_string(id.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return std::to_string(id.get_uint64().value_unsafe());
    default:
      return "";
  }
}

}  // namespace

ParsedMessage ParseMessage(std::string_view text) {
  if (text.size() > kMaxMessageBytes) {
    return Failure(kInvalidRequest, "the message is " + std::to_string(text.size()) +
                                        " bytes; at most " + std::to_string(kMaxMessageBytes) +
                                        " are read");
  }
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = parser.parse(text.data(), text.size()).get(doc); error) {
    return Failure(kParseError, std::string("not JSON: ") + simdjson::error_message(error));
  }
  if (doc.is_array()) {
    return Failure(kInvalidRequest, "batches are not part of MCP: send one message at a time");
  }
  if (!doc.is_object()) return Failure(kInvalidRequest, "a message is a JSON object");
  simdjson::dom::object obj = doc.get_object().value_unsafe();
  ParsedMessage p;
  simdjson::dom::element id;
  bool has_id = obj["id"].get(id) == simdjson::SUCCESS;
  if (has_id) {
    p.message.id = IdText(id);
    if (p.message.id.empty()) return Failure(kInvalidRequest, "an id is a string or an integer");
    p.error_id = p.message.id;
  }
  std::string_view version;
  if (obj["jsonrpc"].get_string().get(version) != simdjson::SUCCESS || version != "2.0") {
    return Failure(kInvalidRequest, "\"jsonrpc\" must be \"2.0\"", p.error_id);
  }
  simdjson::dom::element method;
  if (obj["method"].get(method) != simdjson::SUCCESS) {
    if (!has_id) return Failure(kInvalidRequest, "a message needs a method or an id");
    bool reply =
        obj["result"].error() == simdjson::SUCCESS || obj["error"].error() == simdjson::SUCCESS;
    if (!reply)
      return Failure(kInvalidRequest, "a response needs a result or an error", p.error_id);
    p.message.kind = Message::Kind::kResponse;
    p.ok = true;
    return p;
  }
  std::string_view name;
  if (method.get_string().get(name) != simdjson::SUCCESS || name.empty()) {
    return Failure(kInvalidRequest, "\"method\" must be a non-empty string", p.error_id);
  }
  p.message.method.assign(name);
  p.message.kind = has_id ? Message::Kind::kRequest : Message::Kind::kNotification;
  simdjson::dom::element params;
  if (obj["params"].get(params) == simdjson::SUCCESS) {
    if (!params.is_object()) {
      return Failure(kInvalidParams, "\"params\" must be an object", p.error_id);
    }
    p.message.params = simdjson::minify(params);
  } else {
    p.message.params = "{}";
  }
  p.ok = true;
  return p;
}

std::string ResultMessage(std::string_view id, std::string_view result_json) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("jsonrpc", "2.0").Key("id").Raw(id).Key("result").Raw(result_json);
  w.EndObject();
  return out;
}

std::string ErrorMessage(std::string_view id, int code, std::string_view message,
                         std::string_view data_json) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("jsonrpc", "2.0").Key("id").Raw(id.empty() ? "null" : id);
  w.Key("error").BeginObject().Field("code", code).Field("message", message);
  if (!data_json.empty()) w.Key("data").Raw(data_json);
  w.EndObject().EndObject();
  return out;
}

std::string NotificationMessage(std::string_view method, std::string_view params_json) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("jsonrpc", "2.0").Field("method", method);
  if (!params_json.empty()) w.Key("params").Raw(params_json);
  w.EndObject();
  return out;
}

}  // namespace quarry::mcp
