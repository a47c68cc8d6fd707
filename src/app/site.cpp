#include "app/site.h"

#include <cstdio>
#include <future>
#include <optional>
#include <thread>

#include "app/data_folder.h"
#include "comments/comment_service.h"
#include "comments/moderation.h"
#include "content/article_store.h"
#include "content/importer.h"
#include "content/markdown.h"
#include "db/change_log.h"
#include "db/connection_pool.h"
#include "db/shared_connection.h"
#include "dictionary/dictionary.h"
#include "dictionary/glossary_store.h"
#include "dictionary/word_lookup.h"
#include "identity/http_client.h"
#include "identity/oauth_client.h"
#include "identity/secrets.h"
#include "identity/sessions.h"
#include "popularity/memory_view_store.h"
#include "util/embedded_files.h"
#include "web/admin_handlers.h"
#include "web/comment_handlers.h"
#include "web/comment_views.h"
#include "web/dictionary_handlers.h"
#include "web/guards.h"
#include "web/login_handlers.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"
#include "web/popularity_handlers.h"
#include "web/reading_handlers.h"
#include "web/routes.h"
#include "web/site_pages.h"
#include "web/static_assets.h"
#include "web/templates.h"

namespace masthead::app {
namespace {

// Dictionary answers kept rendered (JSON and gzip), by query, sentence and article: 7 KB each
// on average for the demo articles' words, so about 2,000 answers (bench/dictionary.sh).
// Answers for unknown words are smaller and rarer.
constexpr std::size_t kLookupCacheBytes = 16U << 20U;
constexpr std::size_t kUnknownWordCacheBytes = 2U << 20U;
// Comments deleted or taken down are kept 90 days for appeals (the help page says so).
constexpr std::chrono::days kKeepRemovedComments{90};

std::string milliseconds(std::chrono::microseconds t) {
    return std::to_string((t.count() + 500) / 1000) + " ms";
}

/// Prints what loading the dictionary found: one line on stdout for the sources that loaded,
/// one on stderr per source (or WordNet list) that did not, naming the file and the reason.
/// Returns whether the dictionary is available.
bool reportDictionary(const Result<dictionary::LoadReport>& loaded) {
    if (!loaded) {
        std::fprintf(stderr,
                     "masthead: dictionary: not available, the site serves without it: %s\n",
                     loaded.error().message.c_str());
        return false;
    }
    std::string summary;
    for (const dictionary::SourceStatus& s : loaded->sources) {
        if (s.loaded) {
            summary += (summary.empty() ? "" : ", ") + s.name + " " + std::to_string(s.headwords) +
                       " headwords";
        } else if (s.error) {
            std::fprintf(stderr, "masthead: dictionary: source %s not loaded: %s\n", s.name.c_str(),
                         s.error->message.c_str());
        }
    }
    if (loaded->lemmatizer_error) {
        std::fprintf(stderr,
                     "masthead: dictionary: WordNet's lists not loaded (lemmas from the suffix "
                     "rules only): %s\n",
                     loaded->lemmatizer_error->message.c_str());
    }
    std::printf("masthead: dictionary: %s, %zu WordNet lemmas, in %s\n", summary.c_str(),
                loaded->lemmas, milliseconds(loaded->total_time).c_str());
    return true;
}

/// An embedded Markdown page (src/web/pages/NAME), rendered.
Result<std::string> embeddedPage(std::string_view name) {
    for (const EmbeddedFile& f : assets::webPages()) {
        if (f.path == name) {
            return content::renderMarkdown(f.bytes);
        }
    }
    return fail(Error::internal("the page " + std::string(name) + " is not built in"));
}

/// Seeds the demo articles into a new data folder, or one that `masthead user add` created
/// before the first start, unless content was imported since (a folder `masthead import`
/// created gets none). All of them or none: one transaction, so a site stopped while seeding
/// seeds again at its next start.
Result<void> seedDemo(db::Database& db, bool created, const Config& config) {
    content::ArticleStore store(db);
    auto has_content = store.hasContent();
    auto pending = store.demoPending();
    if (!has_content || !pending) {
        return fail(!has_content ? has_content.error() : pending.error());
    }
    const bool seed = created || (*pending && !*has_content);
    auto seeded = db::inTransaction(db, [&](db::Database&) -> Result<void> {
        if (*pending) {
            if (auto r = store.setDemoPending(false); !r) {
                return r;
            }
        }
        if (!seed) {
            return {};
        }
        content::Importer importer(store);
        for (const auto& outcome : importer.importAll(assets::demoArticles())) {
            if (!outcome.path) {
                return fail(outcome.path.error());
            }
        }
        return {};
    });
    if (!seeded) {
        return seeded;
    }
    if (seed) {
        std::printf("masthead: %s data folder %s: added %zu demo articles\n",
                    created ? "new" : "empty", config.data_dir.c_str(),
                    assets::demoArticles().size());
    }
    return {};
}

}  // namespace

/// The site's objects, in the order they are made (and the reverse of the order they go).
struct Site::Parts {
    explicit Parts(const Config& config) : dictionary(config.dictionary) {}
    ~Parts() {
        if (popularity) {
            popularity->stop();  // archives the last reads
        }
    }
    Parts(const Parts&) = delete;
    Parts& operator=(const Parts&) = delete;

    dictionary::Dictionary dictionary;
    std::unique_ptr<db::Database> db;
    std::int64_t followed_from = 0;
    std::unique_ptr<db::ConnectionPool> pool;
    std::unique_ptr<content::Catalog> catalog;
    dictionary::Glossary glossary;
    std::unique_ptr<web::Templates> templates;
    std::optional<web::SiteInfo> info;  ///< (its time zone is read first)
    std::unique_ptr<web::StaticAssets> assets;
    std::unique_ptr<web::PageRenderer> renderer;
    // Popularity counts in memory and archives to the database on a connection of its own.
    std::unique_ptr<db::Database> views_db;
    std::unique_ptr<popularity::MemoryViewStore> view_store;
    std::unique_ptr<popularity::Popularity> popularity;
    // Comments and sessions write from request threads on a connection of their own.
    std::unique_ptr<db::Database> comments_db;
    std::unique_ptr<db::SharedConnection> comments_connection;
    std::unique_ptr<identity::Sessions> sessions;
    std::unique_ptr<comments::CommentService> comment_service;
    std::unique_ptr<comments::Moderation> moderation;
    identity::CurlHttpClient login_http;
    std::unique_ptr<identity::OAuthClient> oauth;
    std::unique_ptr<web::CommentViews> comment_views;
    std::unique_ptr<web::PageCache> cache;
    std::unique_ptr<web::ErrorPages> errors;
    std::unique_ptr<web::CommentSection> comment_section;
    std::unique_ptr<web::CommentHandlers> comment_handlers;
    std::unique_ptr<web::SitePages> site_pages;
    std::unique_ptr<web::LoginHandlers> login_handlers;
    std::unique_ptr<web::AdminHandlers> admin_handlers;
    std::unique_ptr<web::ReadingHandlers> reading;
    std::unique_ptr<web::PopularityHandlers> popular_api;
    std::unique_ptr<dictionary::WordLookup> word_lookup;
    std::unique_ptr<web::PageCache> lookup_cache;
    std::unique_ptr<web::PageCache> unknown_word_cache;
    std::unique_ptr<web::DictionaryHandlers> dictionary_api;
    std::unique_ptr<web::RouteDeps> deps;
    std::unique_ptr<web::Guards> guards;
    std::unique_ptr<http::Router> router;
    std::unique_ptr<http::Metrics> metrics;
};

Result<std::unique_ptr<Site>> Site::open(const Config& config, ServeMode mode, const Clock& clock) {
    auto p = std::make_unique<Parts>(config);
    // The dictionary's indexes load on other threads while the database opens and the
    // templates compile; the site is made only once it is known whether it has a
    // dictionary, so no page offers one it cannot serve.
    std::future<Result<dictionary::LoadReport>> dictionary_loading;
    if (config.dictionary_enabled) {
        dictionary_loading =
            std::async(std::launch::async, [d = &p->dictionary] { return d->load(); });
    }
    // Waits for the dictionary on every way out (it reads p->dictionary).
    struct Join {
        std::future<Result<dictionary::LoadReport>>& loading;
        ~Join() {
            if (loading.valid()) {
                loading.wait();
            }
        }
    } join{dictionary_loading};

    auto site_time = SiteTime::create(config.time_zone);
    if (!site_time) {
        return fail(site_time.error());
    }
    bool created = false;
    const db::StorageOptions storage = config.storage();
    auto db = openData(storage, created);
    if (!db) {
        return fail(db.error());
    }
    p->db = std::move(*db);
    if (auto r = seedDemo(*p->db, created, config); !r) {
        return fail(r.error());
    }
    // What is loaded from here on is at least as new as this point of the change log.
    auto followed_from = db::ChangeLog(*p->db).latest();
    if (!followed_from) {
        return fail(followed_from.error());
    }
    p->followed_from = *followed_from;
    // Request threads read the archive through pooled connections, one each at a time (and
    // the popularity worker, which reads what its lists show).
    const std::size_t request_threads = config.server.threads != 0
                                            ? config.server.threads
                                            : std::max(1U, std::thread::hardware_concurrency());
    p->pool = std::make_unique<db::ConnectionPool>(storage, request_threads + 1);
    p->catalog = std::make_unique<content::Catalog>(
        *p->pool, content::CatalogOptions{.article_cache_bytes = config.article_cache_bytes});
    if (auto r = p->catalog->loadSections(); !r) {
        return fail(r.error());
    }
    {
        dictionary::GlossaryStore glossary_store(*p->db);
        if (auto r = dictionary::reloadGlossary(glossary_store, p->glossary); !r) {
            return fail(r.error());
        }
    }
    auto templates = web::Templates::compile(assets::webTemplates());
    if (!templates) {
        return fail(templates.error());
    }
    p->templates = std::move(*templates);
    bool dictionary_available = false;
    if (dictionary_loading.valid()) {
        dictionary_available = reportDictionary(dictionary_loading.get());
    } else {
        std::printf("masthead: dictionary: off (dictionary.enabled is false)\n");
    }
    p->info.emplace(web::SiteInfo{.name = config.site_name,
                                  .tagline = config.site_tagline,
                                  .description = config.site_description,
                                  .base_url = config.base_url,
                                  .time = *site_time,
                                  .section_page_size = config.section_page_size,
                                  .home_stories_per_section = config.home_stories_per_section,
                                  .read_beacon_seconds = config.read_beacon_seconds,
                                  .dictionary_available = dictionary_available});
    p->assets = std::make_unique<web::StaticAssets>(assets::webStatic());
    p->renderer = std::make_unique<web::PageRenderer>(*p->info, *p->templates, *p->assets);

    auto views_db = db::connect(storage);
    if (!views_db) {
        return fail(views_db.error());
    }
    p->views_db = std::move(*views_db);
    p->view_store = std::make_unique<popularity::MemoryViewStore>(config.popularity.half_life,
                                                                  config.popularity.dedupe_window);
    popularity::PopularityOptions popularity_options = config.popularity;
    popularity_options.shown = config.popular_size + 1;  // one may be the article being read
    popularity_options.per_list = std::max(popularity_options.per_list, popularity_options.shown);
    p->popularity = std::make_unique<popularity::Popularity>(
        *p->view_store, *p->views_db, *p->catalog, clock, popularity_options);
    if (auto r = p->popularity->restore(); !r) {
        return fail(r.error());
    }
    p->popularity->start();

    auto comments_db = db::connect(storage);
    if (!comments_db) {
        return fail(comments_db.error());
    }
    p->comments_db = std::move(*comments_db);
    p->comments_connection = std::make_unique<db::SharedConnection>(*p->comments_db);
    auto secret = identity::siteSecret(*p->comments_db, "csrf");
    if (!secret) {
        return fail(secret.error());
    }
    p->sessions = std::make_unique<identity::Sessions>(*p->comments_connection, clock, *secret);
    p->comment_service = std::make_unique<comments::CommentService>(
        *p->comments_connection, *p->catalog, clock, config.comments);
    if (auto r = p->comment_service->load(); !r) {
        return fail(r.error());
    }
    p->renderer->setCommentCounts([service = p->comment_service.get()](std::int64_t article_id) {
        return service->count(article_id);
    });
    p->moderation =
        std::make_unique<comments::Moderation>(*p->comments_connection, *p->comment_service);
    if (auto r = p->moderation->loadPolicy(); !r) {
        return fail(r.error());
    }
    p->oauth = std::make_unique<identity::OAuthClient>(config.login_providers, p->login_http);
    std::vector<web::LoginOption> login_options;
    for (const identity::ProviderConfig& provider : p->oauth->providers()) {
        login_options.push_back({provider.id, provider.label});
    }
    p->comment_views =
        std::make_unique<web::CommentViews>(*p->info, *p->templates, *p->assets, login_options,
                                            mode.demo, p->comment_service->rules().max_characters);
    auto policy_page = embeddedPage("standards-board-policy.md");
    auto help_page = embeddedPage("social-comment-help.md");
    if (!policy_page || !help_page) {
        return fail(policy_page ? help_page.error() : policy_page.error());
    }
    p->cache = std::make_unique<web::PageCache>(config.page_cache_bytes);
    p->errors = std::make_unique<web::ErrorPages>(*p->catalog, *p->renderer, *p->cache);
    p->comment_section = std::make_unique<web::CommentSection>(
        *p->comment_views, *p->comment_service, *p->sessions, *p->info);
    p->comment_handlers = std::make_unique<web::CommentHandlers>(
        *p->catalog, *p->renderer, *p->comment_views, *p->comment_section, *p->comment_service,
        *p->sessions, *p->cache, *p->info, *p->errors);
    p->site_pages = std::make_unique<web::SitePages>(
        *p->catalog, *p->renderer, *p->cache,
        std::vector<web::SitePages::Page>{
            {.path = "/standards-board-policy",
             .name = "policy",
             .title = "Standards Board Policy",
             .description = "The rules for comments on " + p->info->name +
                            " and what happens when they are broken.",
             .html = std::move(*policy_page)},
            {.path = "/comments/help",
             .name = "comment_help",
             .title = "Social comment?",
             .description =
                 "What logging in to comment shares with " + p->info->name + " and what it keeps.",
             .html = std::move(*help_page)}});
    p->login_handlers = std::make_unique<web::LoginHandlers>(
        *p->catalog, *p->renderer, *p->comment_views, *p->sessions, *p->comments_connection, clock,
        *p->info, *p->errors, *p->oauth);
    p->admin_handlers = std::make_unique<web::AdminHandlers>(
        *p->catalog, *p->renderer, *p->templates, *p->moderation, *p->sessions,
        *p->comments_connection, clock, *p->info, *p->errors);
    if (mode.demo) {
        std::printf("masthead: demo mode: anyone may sign in with any name at /login\n");
    }
    p->reading = std::make_unique<web::ReadingHandlers>(
        *p->catalog, *p->renderer, *p->cache, *p->errors, p->popularity.get(), config.popular_size,
        p->comment_section.get());
    p->popular_api = std::make_unique<web::PopularityHandlers>(*p->catalog, *p->popularity);
    p->word_lookup = std::make_unique<dictionary::WordLookup>(p->dictionary, p->glossary);
    p->lookup_cache = std::make_unique<web::PageCache>(kLookupCacheBytes);
    p->unknown_word_cache = std::make_unique<web::PageCache>(kUnknownWordCacheBytes);
    p->dictionary_api = std::make_unique<web::DictionaryHandlers>(*p->word_lookup, *p->lookup_cache,
                                                                  *p->unknown_word_cache);
    p->deps = std::make_unique<web::RouteDeps>(web::RouteDeps{.reading = *p->reading,
                                                              .popularity = *p->popular_api,
                                                              .dictionary = *p->dictionary_api,
                                                              .comments = *p->comment_handlers,
                                                              .pages = *p->site_pages,
                                                              .login = *p->login_handlers,
                                                              .admin = *p->admin_handlers,
                                                              .assets = *p->assets,
                                                              .errors = *p->errors});
    Parts& parts = *p;
    p->deps->caches = {
        {"pages", [&parts] { return parts.cache->stats(); }},
        {"articles", [&parts] { return parts.catalog->articleCacheStats(); }},
        {"reader_page_shells", [&parts] { return parts.reading->shellCacheStats(); }},
        {"comment_sections", [&parts] { return parts.comment_section->cacheStats(); }},
        {"dictionary_answers", [&parts] { return parts.lookup_cache->stats(); }},
        {"dictionary_unknown_words", [&parts] { return parts.unknown_word_cache->stats(); }},
    };
    p->guards = std::make_unique<web::Guards>(*p->sessions, *p->info, *p->errors);
    p->router = std::make_unique<http::Router>(p->guards->guard(web::siteRoutes(*p->deps)));
    std::vector<std::string> names;
    for (const auto& r : p->router->routes()) {
        names.push_back(r.name);
    }
    p->metrics = std::make_unique<http::Metrics>(names);
    p->deps->metrics = p->metrics.get();
    return std::unique_ptr<Site>(new Site(std::move(p)));
}

Site::Site(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Site::~Site() = default;

const http::Router& Site::router() const { return *parts_->router; }
http::Metrics& Site::metrics() { return *parts_->metrics; }
web::SiteInfo& Site::info() { return *parts_->info; }
content::Catalog& Site::catalog() { return *parts_->catalog; }
dictionary::Glossary& Site::glossary() { return parts_->glossary; }
popularity::Popularity& Site::popularity() { return *parts_->popularity; }
std::int64_t Site::followedFrom() const { return parts_->followed_from; }

http::ErrorPages Site::errorPages() const {
    return [errors = parts_->errors.get()](std::string_view path, int status,
                                           std::string_view message) {
        return web::isApiPath(path) ? web::ErrorPages::json(status, message)
                                    : errors->page(status, message);
    };
}

Result<void> Site::housekeeping() {
    auto purged = parts_->comment_service->purgeRemoved(kKeepRemovedComments);
    if (!purged) {
        return fail(purged.error());
    }
    return {};
}

}  // namespace masthead::app
