#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "comments/moderation.h"
#include "content/catalog.h"
#include "http/message.h"
#include "identity/sessions.h"
#include "identity/staff_store.h"
#include "web/errors.h"
#include "web/login_throttle.h"
#include "web/page_renderer.h"
#include "web/visitor.h"

namespace masthead::web {

/// The newsroom's moderation pages under /admin: staff login, the queue, decisions, bans,
/// word lists (admins), comment modes (editors) and the audit log. The route table
/// (web/routes.cpp) gives each page the staff session and role it needs, and checks every
/// form's CSRF token, before a handler runs; `staff` is that session. Thread-safe.
class AdminHandlers {
  public:
    AdminHandlers(const content::Catalog& catalog, const PageRenderer& renderer,
                  const Templates& templates, comments::Moderation& moderation,
                  identity::Sessions& sessions, db::SharedConnection& db, const Clock& clock,
                  const SiteInfo& site, const ErrorPages& errors)
        : catalog_(catalog),
          renderer_(renderer),
          templates_(templates),
          moderation_(moderation),
          sessions_(sessions),
          db_(db),
          site_(site),
          errors_(errors),
          throttle_(clock),
          cookies_{site.base_url.starts_with("https://")} {}

    [[nodiscard]] http::Response loginPage(const http::Request& request);
    [[nodiscard]] http::Response login(const http::Request& request, const Visitor&);
    [[nodiscard]] http::Response logout(const http::Request& request, const Visitor& staff);
    /// GET /admin/comments?filter=waiting|reported|removed
    [[nodiscard]] http::Response queue(const http::Request& request, const Visitor& staff);
    /// POST /admin/comments/{id}/{decision}
    [[nodiscard]] http::Response decide(const http::Request& request, const Visitor& staff);
    /// POST /admin/readers/{id}/ban and /unban
    [[nodiscard]] http::Response ban(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response unban(const http::Request& request, const Visitor& staff);
    /// GET /admin/readers?name=…: find readers (for bans and erasure requests).
    [[nodiscard]] http::Response readers(const http::Request& request, const Visitor& staff);
    /// POST /admin/readers/{id}/erase (admins)
    [[nodiscard]] http::Response erase(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response words(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response addWord(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response removeWord(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response modes(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response setMode(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response clearMode(const http::Request& request, const Visitor& staff);
    [[nodiscard]] http::Response log(const http::Request& request, const Visitor& staff);

  private:
    [[nodiscard]] http::Response page(const Visitor& staff, std::string title,
                                      std::string_view current, TemplateData data,
                                      std::string_view template_name) const;
    [[nodiscard]] http::Response failure(int status, std::string_view message,
                                         std::string_view back = "/admin/comments") const;
    [[nodiscard]] http::Response done(const http::Request& request, std::string_view fallback,
                                      const Result<void>& result) const;

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    const Templates& templates_;
    comments::Moderation& moderation_;
    identity::Sessions& sessions_;
    db::SharedConnection& db_;
    const SiteInfo& site_;
    const ErrorPages& errors_;
    LoginThrottle throttle_;
    CookiePolicy cookies_;
};

}  // namespace masthead::web
