// `quarry serve`: the workbench over HTTP on loopback. A person opens the URL printed at start;
// its token is exchanged for a session cookie (HttpOnly, SameSite=Strict). Pages are the built
// front end embedded in the binary; the JSON API under /api/ is declared in routes.h. Every
// response carries a strict Content-Security-Policy; requests from another origin or host,
// without the session, or changing state without the CSRF header are refused.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "server/routes.h"

namespace quarry::server {

// Binds, calls `ready` with the URL to open (token included), then serves until Stop() or the
// process ends. An error when the port cannot be bound.
Status Serve(const ServeOptions& options, const std::string& token,
             const std::function<void(const std::string& url)>& ready);

// Stops a running Serve (from a signal handler's thread or a test).
void Stop();

// The embedded pages: path (e.g. /assets/index.js) → content type and bytes; nullptr when
// there is no such file.
struct Asset {
  const char* path;
  const char* content_type;
  const unsigned char* data;
  unsigned long size;
};
const Asset* FindAsset(const std::string& path);

}  // namespace quarry::server
