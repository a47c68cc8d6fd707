#include "app/site_runtime.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/catalog_refresher.h"
#include "content/article_store.h"
#include "content/importer.h"
#include "db/migrations.h"
#include "db/sqlite_database.h"
#include "popularity/memory_view_store.h"
#include "popularity/popularity.h"
#include "util/embedded_files.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"
#include "web/popularity_handlers.h"
#include "web/reading_handlers.h"
#include "web/routes.h"
#include "web/static_assets.h"
#include "web/templates.h"

namespace masthead::app {
namespace {

constexpr const char* kDatabaseFile = "masthead.db";

int failStart(const Error& e) {
    std::fprintf(stderr, "masthead: %s\n", e.message.c_str());
    if (!e.detail.empty()) {
        std::fprintf(stderr, "masthead: detail: %s\n", e.detail.c_str());
    }
    return 1;
}

/// Opens the data folder's database, creating the folder, and brings the schema up to date.
Result<std::unique_ptr<db::SqliteDatabase>> openData(const std::filesystem::path& dir,
                                                     bool& created) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return fail(Error::unavailable("cannot create the data folder " + dir.string() + ": " +
                                       ec.message()));
    }
    const auto file = dir / kDatabaseFile;
    created = !std::filesystem::exists(file);
    auto db = db::SqliteDatabase::open(file);
    if (!db) {
        return fail(db.error());
    }
    if (auto m = db::migrate(**db, db::schemaMigrations()); !m) {
        return fail(m.error());
    }
    return db;
}

int openLog(const std::string& where) {
    if (where == "off") {
        return -1;
    }
    if (where == "-") {
        return STDOUT_FILENO;
    }
    return ::open(where.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

}  // namespace

int serve(const Config& config) {
    auto site_time = SiteTime::create(config.time_zone);
    if (!site_time) {
        return failStart(site_time.error());
    }
    bool created = false;
    auto db = openData(config.data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    content::ArticleStore store(**db);
    if (created) {
        content::Importer importer(store);
        for (const auto& outcome : importer.importAll(assets::demoArticles())) {
            if (!outcome.path) {
                return failStart(outcome.path.error());
            }
        }
        std::printf("masthead: new data folder %s: added %zu demo articles\n",
                    config.data_dir.c_str(), assets::demoArticles().size());
    }
    content::Catalog catalog;
    if (auto r = content::reloadCatalog(store, catalog); !r) {
        return failStart(r.error());
    }

    auto templates = web::Templates::compile(assets::webTemplates());
    if (!templates) {
        return failStart(templates.error());
    }
    web::SiteInfo site{.name = config.site_name,
                       .tagline = config.site_tagline,
                       .description = config.site_description,
                       .base_url = config.base_url,
                       .time = *site_time,
                       .section_page_size = config.section_page_size,
                       .home_stories_per_section = config.home_stories_per_section,
                       .read_beacon_seconds = config.read_beacon_seconds};
    const web::StaticAssets assets(assets::webStatic());
    const web::PageRenderer renderer(site, **templates, assets);
    // Popularity counts in memory and archives to the database on a connection of its own.
    auto views_db = db::SqliteDatabase::open(config.data_dir / kDatabaseFile);
    if (!views_db) {
        return failStart(views_db.error());
    }
    const SystemClock clock;
    popularity::MemoryViewStore view_store(config.popularity.half_life,
                                           config.popularity.dedupe_window);
    popularity::PopularityOptions popularity_options = config.popularity;
    popularity_options.shown = config.popular_size + 1;  // one may be the article being read
    popularity_options.per_list = std::max(popularity_options.per_list, popularity_options.shown);
    popularity::Popularity popularity(view_store, **views_db, catalog, clock, popularity_options);
    if (auto r = popularity.restore(); !r) {
        return failStart(r.error());
    }
    popularity.start();

    web::PageCache cache;
    web::ReadingHandlers reading(catalog, renderer, cache, &popularity, config.popular_size);
    web::PopularityHandlers popular_api(catalog, popularity);
    web::RouteDeps deps{.reading = reading, .popularity = &popular_api, .assets = assets};
    const http::Router router(web::siteRoutes(deps));
    std::vector<std::string> names;
    for (const auto& r : router.routes()) {
        names.push_back(r.name);
    }
    http::Metrics metrics(names);
    deps.metrics = &metrics;

    const int log_fd = openLog(config.access_log);
    if (config.access_log != "off" && log_fd < 0) {
        return failStart(Error::unavailable("cannot open the access log " + config.access_log));
    }
    http::AccessLog access_log(log_fd);
    http::Server server(
        router, config.server,
        [&reading](int status, std::string_view message) { return reading.error(status, message); },
        access_log, metrics);
    auto port = server.listen(config.listen_host, config.listen_port);
    if (!port) {
        return failStart(port.error());
    }
    const bool v6 = config.listen_host.find(':') != std::string::npos;
    const std::string listening = "http://" +
                                  (v6 ? "[" + config.listen_host + "]" : config.listen_host) + ":" +
                                  std::to_string(*port);
    if (site.base_url.empty()) {
        site.base_url = listening;
    }
    CatalogRefresher refresher((config.data_dir / kDatabaseFile), catalog,
                               std::chrono::milliseconds(1000));
    std::printf("masthead: serving %s/ (data %s, public address %s/)\n", listening.c_str(),
                config.data_dir.c_str(), site.base_url.c_str());
    std::fflush(stdout);
    server.run();
    popularity.stop();  // archives the last reads
    std::printf("masthead: stopped\n");
    return 0;
}

int importFiles(const std::filesystem::path& data_dir,
                const std::vector<std::filesystem::path>& files) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    content::ArticleStore store(**db);
    content::Importer importer(store);
    int failed = 0;
    for (const auto& file : files) {
        const auto outcome = importer.importFile(file);
        if (outcome.path) {
            std::printf("%s\n", outcome.path->c_str());
        } else {
            ++failed;
            const Error& e = outcome.path.error();
            if (e.detail.empty()) {
                std::fprintf(stderr, "%s\n", e.message.c_str());
            } else {
                std::fprintf(stderr, "%s (%s)\n", e.message.c_str(), e.detail.c_str());
            }
        }
    }
    return failed == 0 ? 0 : 1;
}

int setPopularOverride(const std::filesystem::path& data_dir, std::string_view action,
                       const std::vector<std::string>& slugs) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    content::ArticleStore store(**db);
    popularity::ViewArchive archive(**db);
    int failed = 0;
    for (const std::string& slug : slugs) {
        auto article = store.articleBySlug(slug);
        if (!article) {
            std::fprintf(stderr, "masthead: %s\n", article.error().message.c_str());
            ++failed;
            continue;
        }
        const Result<void> done =
            action == "clear" ? archive.clearOverride(article->id)
                              : archive.setOverride(
                                    article->id, action == "pin" ? popularity::Override::kPin
                                                                 : popularity::Override::kExclude);
        if (!done) {
            std::fprintf(stderr, "masthead: %s: %s\n", slug.c_str(), done.error().message.c_str());
            ++failed;
            continue;
        }
        std::printf("%s %s\n", std::string(action).c_str(), slug.c_str());
    }
    return failed == 0 ? 0 : 1;
}

}  // namespace masthead::app
