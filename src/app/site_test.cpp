#include "app/site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "db/shared_connection.h"
#include "db/storage.h"
#include "identity/reader_store.h"
#include "identity/secrets.h"
#include "identity/sessions.h"
#include "identity/staff_store.h"

namespace masthead::app {
namespace {

/// Who may use a route.
enum class Access { kAnyone, kReader, kModerator, kEditor, kAdmin };
/// Who sends a request: nobody signed in, a reader, or a staff member of each role.
enum class Caller { kNobody, kReader, kModerator, kEditor, kAdmin };

// The site's permission matrix, stated here apart from the route table (web/routes.cpp): a
// route whose guard changes, or a new route, fails this test until someone says here who may
// use it.
const std::map<std::string, Access>& permissions() {
    static const std::map<std::string, Access> table = {
        {"home", Access::kAnyone},
        {"healthz", Access::kAnyone},
        {"metrics", Access::kAnyone},
        {"static", Access::kAnyone},
        {"favicon", Access::kAnyone},
        {"robots", Access::kAnyone},
        {"beacon", Access::kAnyone},
        {"popular_api", Access::kAnyone},
        {"dictionary_api", Access::kAnyone},
        {"policy", Access::kAnyone},
        {"comment_help", Access::kAnyone},
        {"comment_post", Access::kReader},
        {"comment", Access::kAnyone},
        {"comment_delete", Access::kReader},
        {"comment_vote", Access::kReader},
        {"comment_report", Access::kReader},
        {"comment_votes_api", Access::kReader},
        {"comments_api", Access::kAnyone},
        {"login", Access::kAnyone},
        {"login_demo", Access::kAnyone},
        {"login_begin", Access::kAnyone},
        {"login_callback", Access::kAnyone},
        {"logout", Access::kReader},
        {"admin_home", Access::kModerator},
        {"admin_login_page", Access::kAnyone},
        {"admin_login", Access::kAnyone},
        {"admin_logout", Access::kModerator},
        {"admin_queue", Access::kModerator},
        {"admin_decide", Access::kModerator},
        {"admin_readers", Access::kModerator},
        {"admin_erase", Access::kAdmin},
        {"admin_ban", Access::kModerator},
        {"admin_unban", Access::kModerator},
        {"admin_words", Access::kAdmin},
        {"admin_word_add", Access::kAdmin},
        {"admin_word_remove", Access::kAdmin},
        {"admin_modes", Access::kEditor},
        {"admin_mode_set", Access::kEditor},
        {"admin_mode_clear", Access::kEditor},
        {"admin_log", Access::kModerator},
        {"thread", Access::kAnyone},
        {"print", Access::kAnyone},
        {"page", Access::kAnyone},
    };
    return table;
}

bool allowed(Access access, Caller caller) {
    switch (access) {
        case Access::kAnyone:
            return true;
        case Access::kReader:
            return caller == Caller::kReader;
        case Access::kModerator:
            return caller == Caller::kModerator || caller == Caller::kEditor ||
                   caller == Caller::kAdmin;
        case Access::kEditor:
            return caller == Caller::kEditor || caller == Caller::kAdmin;
        case Access::kAdmin:
            return caller == Caller::kAdmin;
    }
    return false;
}

std::string_view nameOf(Caller caller) {
    switch (caller) {
        case Caller::kNobody:
            return "nobody signed in";
        case Caller::kReader:
            return "a reader";
        case Caller::kModerator:
            return "a moderator";
        case Caller::kEditor:
            return "an editor";
        case Caller::kAdmin:
            return "an admin";
    }
    return "?";
}

/// A path that matches a route's pattern: an id no object has (nothing is changed), a
/// section for the catch-all paths.
std::string pathFor(std::string_view pattern) {
    std::string out;
    std::size_t at = 0;
    while (at < pattern.size()) {
        const std::size_t open = pattern.find('{', at);
        if (open == std::string_view::npos) {
            out += pattern.substr(at);
            break;
        }
        out += pattern.substr(at, open - at);
        const std::size_t close = pattern.find('}', open);
        const std::string_view name = pattern.substr(open + 1, close - open - 1);
        out += name == "id"         ? "999999"
               : name == "decision" ? "approve"
               : name == "provider" ? "nowhere"
               : name == "file"     ? "none.css"
                                    : "national";  // {path...}
        at = close + 1;
    }
    return out;
}

constexpr std::string_view kAdminPassword = "matrix admin password";
constexpr std::string_view kBase = "http://masthead.test";

/// A site over a new data folder (demo content, no dictionary), its staff of each role and a
/// reader; sessions are opened on a connection of the test's own, as the login pages would.
class SiteTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("masthead-site-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        config_.data_dir = dir_;
        config_.dictionary_enabled = false;
        config_.access_log = "off";
        config_.base_url = std::string(kBase);
        config_.server.threads = 1;
        auto site = Site::open(config_, {.demo = true}, clock_);
        ASSERT_TRUE(site) << site.error().message;
        site_ = std::move(*site);
        auto db = db::connect(config_.storage());
        ASSERT_TRUE(db) << db.error().message;
        db_ = std::move(*db);
        connection_ = std::make_unique<db::SharedConnection>(*db_);
        auto secret = identity::siteSecret(*db_, "csrf");
        ASSERT_TRUE(secret);
        sessions_ = std::make_unique<identity::Sessions>(*connection_, clock_, *secret);
        auto reader = identity::ReaderStore(*db_).upsert(
            {"demo", "matrix-reader", "Matrix Reader", ""}, now());
        ASSERT_TRUE(reader);
        reader_id_ = reader->id;
        identity::StaffStore staff(*db_);
        for (const auto& [caller, role] :
             {std::pair{Caller::kModerator, identity::Role::kModerator},
              std::pair{Caller::kEditor, identity::Role::kEditor},
              std::pair{Caller::kAdmin, identity::Role::kAdmin}}) {
            auto added = staff.add("matrix-" + std::string(identity::toString(role)), role,
                                   kAdminPassword, now());
            ASSERT_TRUE(added) << added.error().message;
            staff_ids_[caller] = added->id;
        }
    }
    void TearDown() override {
        sessions_.reset();
        connection_.reset();
        db_.reset();
        site_.reset();
        std::filesystem::remove_all(dir_);
    }
    [[nodiscard]] std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
            .count();
    }

    /// The route's request as `caller` sends it from the site's own pages, with a session of
    /// its own (a logout ends only that one) and the form token the route's page would carry.
    http::Request requestFor(const http::Route& route, Caller caller) {
        http::Request r;
        r.method = route.method;
        r.method_text = std::string(http::toString(route.method));
        r.path = pathFor(route.pattern);
        r.target = r.path;
        r.remote = "127.0.0.1";
        r.request_id = "matrix";
        r.headers.push_back({"host", "masthead.test"});
        std::string cookies = "mh_pre=" + pre_;
        std::string token;
        if (caller == Caller::kReader) {
            auto cookie = sessions_->open(reader_id_, 0);
            EXPECT_TRUE(cookie);
            cookies += "; mh_session=" + *cookie;
            token = sessions_->csrfToken(*cookie);
        } else if (caller != Caller::kNobody) {
            auto cookie = sessions_->open(0, staff_ids_.at(caller));
            EXPECT_TRUE(cookie);
            cookies += "; mh_staff=" + *cookie;
            token = sessions_->csrfToken(*cookie);
        }
        r.headers.push_back({"cookie", cookies});
        if (route.method == http::Method::kPost) {
            r.headers.push_back({"origin", std::string(kBase)});
            r.headers.push_back({"sec-fetch-site", "same-origin"});
            r.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
            if (route.name == "admin_login" || route.name == "login_demo") {
                token = sessions_->preSessionToken(pre_);
            }
            r.body = "csrf=" + token;
            if (route.name == "admin_login") {
                r.body += "&name=matrix-admin&password=" + std::string(kAdminPassword);
                std::ranges::replace(r.body, ' ', '+');
            } else if (route.name == "login_demo") {
                r.body += "&name=Matrix";
            }
        }
        return r;
    }

    http::Response send(http::Request& request) {
        const http::RouteMatch match = site_->router().match(request.method, request.path);
        EXPECT_NE(match.route, nullptr) << request.path;
        if (match.route == nullptr) {
            return {};
        }
        request.params = match.params;
        return match.route->handler(request);
    }

    std::filesystem::path dir_;
    Config config_;
    SystemClock clock_;
    std::unique_ptr<Site> site_;
    std::unique_ptr<db::Database> db_;
    std::unique_ptr<db::SharedConnection> connection_;
    std::unique_ptr<identity::Sessions> sessions_;
    std::int64_t reader_id_ = 0;
    /// The random cookie a login page sets before its form is sent.
    std::string pre_ = identity::randomToken(32);
    std::map<Caller, std::int64_t> staff_ids_;
};

TEST_F(SiteTest, EveryRouteIsInThePermissionMatrix) {
    std::set<std::string> routes;
    for (const http::Route& route : site_->router().routes()) {
        routes.insert(route.name);
        EXPECT_TRUE(permissions().contains(route.name))
            << "route " << route.name << " (" << route.pattern
            << "): say in site_test.cpp who may use it";
    }
    for (const auto& [name, access] : permissions()) {
        EXPECT_TRUE(routes.contains(name)) << name << " is no longer a route";
    }
}

// Every route, as each kind of caller: refused (403, or a staff page's redirect to the staff
// login) exactly when the matrix says the caller may not use it. The handlers run for real
// when the guard lets a request through, on ids no object has, so nothing changes.
TEST_F(SiteTest, EveryRouteRefusesExactlyTheCallersThePermissionMatrixLeavesOut) {
    for (const http::Route& route : site_->router().routes()) {
        const auto access = permissions().find(route.name);
        if (access == permissions().end()) {
            continue;  // (the test above names it)
        }
        for (const Caller caller : {Caller::kNobody, Caller::kReader, Caller::kModerator,
                                    Caller::kEditor, Caller::kAdmin}) {
            http::Request request = requestFor(route, caller);
            const http::Response response = send(request);
            std::string location;
            for (const http::Header& h : response.headers) {
                if (h.name == "Location") {
                    location = h.value;
                }
            }
            const bool refused =
                response.status == 403 || (route.method == http::Method::kGet &&
                                           response.status == 303 && location == "/admin/login");
            EXPECT_EQ(refused, !allowed(access->second, caller))
                << route.name << " " << request.method_text << " " << request.path << " as "
                << nameOf(caller) << ": " << response.status << " "
                << (response.entity ? response.entity->body.substr(0, 300) : "");
        }
    }
}

// docs/architecture.md lists every route (method, pattern, name) in a table; it must be the
// router's table, in the same order.
TEST_F(SiteTest, TheArchitectureDocumentListsExactlyTheRoutes) {
    std::ifstream doc(std::filesystem::path(MASTHEAD_SOURCE_DIR) / "docs/architecture.md");
    ASSERT_TRUE(doc) << "docs/architecture.md";
    const std::regex row(R"(^\s*\| (GET|POST) \| `([^`]+)` \| `([a-z_]+)` \|)");
    std::vector<std::string> documented;
    for (std::string line; std::getline(doc, line);) {
        std::smatch m;
        if (std::regex_search(line, m, row)) {
            documented.push_back(m[1].str() + " " + m[2].str() + " " + m[3].str());
        }
    }
    std::vector<std::string> routed;
    for (const http::Route& r : site_->router().routes()) {
        routed.push_back(std::string(http::toString(r.method)) + " " + r.pattern + " " + r.name);
    }
    EXPECT_EQ(documented, routed);
}

TEST_F(SiteTest, TheServersOwnRefusalsAreJsonAtApiAddressesAndPagesElsewhere) {
    const http::ErrorPages errors = site_->errorPages();
    const http::Response api = errors("/api/comments", 405, "This address does not accept PUT.");
    ASSERT_TRUE(api.entity);
    EXPECT_EQ(api.status, 405);
    EXPECT_EQ(api.entity->content_type, "application/json; charset=utf-8");
    EXPECT_EQ(nlohmann::json::parse(api.entity->body)["error"],
              "This address does not accept PUT.");
    const http::Response page = errors("/national", 404, "There is no page at this address.");
    ASSERT_TRUE(page.entity);
    EXPECT_EQ(page.entity->content_type, "text/html; charset=utf-8");
    EXPECT_NE(page.entity->body.find("There is no page at this address."), std::string::npos);
}

TEST_F(SiteTest, AnApiAnswersItsErrorsInJsonWhateverTheClientAccepts) {
    http::Route votes;
    for (const http::Route& r : site_->router().routes()) {
        if (r.name == "comment_votes_api") {
            votes = r;
        }
    }
    http::Request request = requestFor(votes, Caller::kNobody);
    request.headers.push_back({"accept", "text/html"});
    const http::Response response = send(request);
    EXPECT_EQ(response.status, 403);
    ASSERT_TRUE(response.entity);
    EXPECT_EQ(response.entity->content_type, "application/json; charset=utf-8");
    EXPECT_EQ(nlohmann::json::parse(response.entity->body)["error"],
              "Please log in to see your votes.");
}

}  // namespace
}  // namespace masthead::app
