#pragma once

#include <cstdint>
#include <memory>

#include "app/config.h"
#include "content/catalog.h"
#include "db/storage.h"
#include "dictionary/glossary.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "popularity/popularity.h"
#include "util/clock.h"
#include "util/error.h"
#include "web/errors.h"
#include "web/site_info.h"

namespace masthead::app {

/// How `masthead serve` was started, beyond the configuration.
struct ServeMode {
    /// --demo: readers may sign in with any name (the demo sign-in), for trying comments
    /// without a login provider. Never on a public site.
    bool demo = false;
};

/// Everything a server builds over a data folder before it listens: the database (opened,
/// migrated, the demo content seeded into a new folder), the catalog, the dictionary and
/// glossary, popularity, comments and sessions, the web handlers, and the route table with
/// each route's guard. `masthead serve` puts a Site behind an http::Server; a test sends
/// requests through the same router without a socket (app/site_test.cpp).
class Site {
  public:
    /// Builds the site, printing what a start-up reports (the dictionary loaded, the demo
    /// content added). `clock` must outlive the Site.
    [[nodiscard]] static Result<std::unique_ptr<Site>> open(const Config& config, ServeMode mode,
                                                            const Clock& clock);
    ~Site();
    Site(const Site&) = delete;
    Site& operator=(const Site&) = delete;

    [[nodiscard]] const http::Router& router() const;
    [[nodiscard]] http::Metrics& metrics();
    /// The answer to what the server refuses itself (404, 405, 413, ...), in the site's design
    /// or as JSON at an API address.
    [[nodiscard]] http::ErrorPages errorPages() const;
    /// The site's name, address and settings; the address may be set once the port is known.
    [[nodiscard]] web::SiteInfo& info();
    [[nodiscard]] content::Catalog& catalog();
    [[nodiscard]] dictionary::Glossary& glossary();
    [[nodiscard]] popularity::Popularity& popularity();
    /// Deletes what has been kept past its time (comments removed 90 days ago); returns what
    /// failed, if anything.
    [[nodiscard]] Result<void> housekeeping();
    /// The change log's position when the site was built: a ChangeFollower applies what
    /// comes after it, so nothing committed during start-up is missed.
    [[nodiscard]] std::int64_t followedFrom() const;

  private:
    struct Parts;
    explicit Site(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

}  // namespace masthead::app
