#include "app/site_runtime.h"

#include <fcntl.h>
#include <malloc.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stop_token>
#include <thread>

#include "app/change_follower.h"
#include "app/data_folder.h"
#include "comments/comment_service.h"
#include "comments/moderation.h"
#include "content/article_store.h"
#include "content/importer.h"
#include "content/markdown.h"
#include "db/change_log.h"
#include "db/connection_pool.h"
#include "db/migrations.h"
#include "db/storage.h"
#include "dictionary/dictionary.h"
#include "dictionary/glossary_import.h"
#include "dictionary/glossary_store.h"
#include "dictionary/word_lookup.h"
#include "identity/http_client.h"
#include "identity/oauth_client.h"
#include "identity/secrets.h"
#include "identity/sessions.h"
#include "popularity/memory_view_store.h"
#include "popularity/popularity.h"
#include "util/embedded_files.h"
#include "web/admin_handlers.h"
#include "web/comment_handlers.h"
#include "web/comment_views.h"
#include "web/dictionary_handlers.h"
#include "web/login_handlers.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"
#include "web/popularity_handlers.h"
#include "web/reading_handlers.h"
#include "web/routes.h"
#include "web/static_assets.h"
#include "web/templates.h"

namespace masthead::app {
namespace {

// Dictionary answers kept rendered (JSON and gzip), by query, sentence and article: 7 KB each
// on average for the demo articles' words, so about 2,000 answers (bench/dictionary.sh).
// Answers for unknown words are smaller and rarer.
constexpr std::size_t kLookupCacheBytes = 16U << 20U;
constexpr std::size_t kUnknownWordCacheBytes = 2U << 20U;
// How often a server looks for changes made by others (an import, another node): a change is
// on its pages within this and the time to apply it.
constexpr std::chrono::milliseconds kFollowEvery{200};

int failStart(const Error& e) {
    std::fprintf(stderr, "masthead: %s\n", e.message.c_str());
    if (!e.detail.empty()) {
        std::fprintf(stderr, "masthead: detail: %s\n", e.detail.c_str());
    }
    return 1;
}

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

namespace {

/// An embedded Markdown page (src/web/pages/NAME), rendered.
Result<std::string> embeddedPage(std::string_view name) {
    for (const EmbeddedFile& f : assets::webPages()) {
        if (f.path == name) {
            return content::renderMarkdown(f.bytes);
        }
    }
    return fail(Error::internal("the page " + std::string(name) + " is not built in"));
}

}  // namespace

int serve(const Config& config, ServeMode mode) {
    // A page made per request (a signed-in reader's) allocates and frees tens of KB each
    // time; with glibc's default 128 KB trim threshold the heap was given back to the kernel
    // and faulted in again at that rate (signed-in pages 20k -> 34k req/s with this). Freed
    // memory up to 16 MB per arena stays for reuse.
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
    // The dictionary's indexes load on other threads while the database opens and the
    // templates compile; the port opens only once it is known whether the site has a
    // dictionary, so no page offers one it cannot serve.
    dictionary::Dictionary dictionary(config.dictionary);
    std::future<Result<dictionary::LoadReport>> dictionary_loading;
    if (config.dictionary_enabled) {
        dictionary_loading =
            std::async(std::launch::async, [&dictionary] { return dictionary.load(); });
    }
    auto site_time = SiteTime::create(config.time_zone);
    if (!site_time) {
        return failStart(site_time.error());
    }
    bool created = false;
    const db::StorageOptions storage = config.storage();
    auto db = openData(storage, created);
    if (!db) {
        return failStart(db.error());
    }
    content::ArticleStore store(**db);
    // The demo articles go into a new data folder, or one that `masthead user add` created
    // before the first start, unless content was imported since. A folder `masthead import`
    // created gets none.
    auto has_content = store.hasContent();
    auto pending = store.demoPending();
    if (!has_content || !pending) {
        return failStart(!has_content ? has_content.error() : pending.error());
    }
    // All the demo articles or none: one transaction, so a site stopped while seeding seeds
    // again at its next start.
    const bool seed = created || (*pending && !*has_content);
    auto seeded = db::inTransaction(**db, [&](db::Database&) -> Result<void> {
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
        return failStart(seeded.error());
    }
    if (seed) {
        std::printf("masthead: %s data folder %s: added %zu demo articles\n",
                    created ? "new" : "empty", config.data_dir.c_str(),
                    assets::demoArticles().size());
    }
    // What is loaded from here on is at least as new as this point of the change log: the
    // follower applies what comes after it, so nothing committed during start-up is missed.
    auto followed_from = db::ChangeLog(**db).latest();
    if (!followed_from) {
        return failStart(followed_from.error());
    }
    // Request threads read the archive through pooled connections, one each at a time (and
    // the popularity worker, which reads what its lists show).
    const std::size_t request_threads = config.server.threads != 0
                                            ? config.server.threads
                                            : std::max(1U, std::thread::hardware_concurrency());
    db::ConnectionPool pool(storage, request_threads + 1);
    content::Catalog catalog(pool, {.article_cache_bytes = config.article_cache_bytes});
    if (auto r = catalog.loadSections(); !r) {
        return failStart(r.error());
    }

    dictionary::Glossary glossary;
    {
        dictionary::GlossaryStore glossary_store(**db);
        if (auto r = dictionary::reloadGlossary(glossary_store, glossary); !r) {
            return failStart(r.error());
        }
    }
    auto templates = web::Templates::compile(assets::webTemplates());
    if (!templates) {
        return failStart(templates.error());
    }
    bool dictionary_available = false;
    if (dictionary_loading.valid()) {
        dictionary_available = reportDictionary(dictionary_loading.get());
    } else {
        std::printf("masthead: dictionary: off (dictionary.enabled is false)\n");
    }
    web::SiteInfo site{.name = config.site_name,
                       .tagline = config.site_tagline,
                       .description = config.site_description,
                       .base_url = config.base_url,
                       .time = *site_time,
                       .section_page_size = config.section_page_size,
                       .home_stories_per_section = config.home_stories_per_section,
                       .read_beacon_seconds = config.read_beacon_seconds,
                       .dictionary_available = dictionary_available};
    const web::StaticAssets assets(assets::webStatic());
    web::PageRenderer renderer(site, **templates, assets);
    // Popularity counts in memory and archives to the database on a connection of its own.
    auto views_db = db::connect(storage);
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

    // Comments and sessions write from request threads on a connection of their own.
    auto comments_db = db::connect(storage);
    if (!comments_db) {
        return failStart(comments_db.error());
    }
    db::SharedConnection comments_connection(**comments_db);
    auto secret = identity::siteSecret(**comments_db, "csrf");
    if (!secret) {
        return failStart(secret.error());
    }
    identity::Sessions sessions(comments_connection, clock, *secret);
    comments::CommentService comment_service(comments_connection, catalog, clock, config.comments);
    if (auto r = comment_service.load(); !r) {
        return failStart(r.error());
    }
    renderer.setCommentCounts(
        [&comment_service](std::int64_t article_id) { return comment_service.count(article_id); });
    comments::Moderation moderation(comments_connection, comment_service, clock);
    if (auto r = moderation.loadPolicy(); !r) {
        return failStart(r.error());
    }
    identity::CurlHttpClient login_http;
    identity::OAuthClient oauth(config.login_providers, login_http);
    std::vector<web::LoginOption> login_options;
    for (const identity::ProviderConfig& p : oauth.providers()) {
        login_options.push_back({p.id, p.label});
    }
    const web::CommentViews comment_views(site, **templates, assets, login_options, mode.demo,
                                          comment_service.rules().max_characters);
    auto policy_page = embeddedPage("standards-board-policy.md");
    auto help_page = embeddedPage("social-comment-help.md");
    if (!policy_page || !help_page) {
        return failStart(policy_page ? help_page.error() : policy_page.error());
    }
    web::PageCache cache(config.page_cache_bytes);
    web::CommentHandlers comment_handlers(catalog, renderer, comment_views, comment_service,
                                          sessions, cache, site,
                                          {std::move(*policy_page), std::move(*help_page)});
    web::LoginHandlers login_handlers(catalog, renderer, comment_views, sessions,
                                      comments_connection, clock, site, &oauth);
    web::AdminHandlers admin_handlers(catalog, renderer, **templates, moderation, sessions,
                                      comments_connection, clock, site);
    if (mode.demo) {
        std::printf("masthead: demo mode: anyone may sign in with any name at /login\n");
    }
    web::ReadingHandlers reading(catalog, renderer, cache, &popularity, config.popular_size,
                                 &comment_handlers);
    web::PopularityHandlers popular_api(catalog, popularity);
    const dictionary::WordLookup word_lookup(dictionary, glossary);
    web::PageCache lookup_cache(kLookupCacheBytes);
    web::PageCache unknown_word_cache(kUnknownWordCacheBytes);
    web::DictionaryHandlers dictionary_api(word_lookup, lookup_cache, unknown_word_cache);
    web::RouteDeps deps{.reading = reading,
                        .popularity = &popular_api,
                        .dictionary = &dictionary_api,
                        .comments = &comment_handlers,
                        .login = &login_handlers,
                        .admin = &admin_handlers,
                        .assets = assets};
    deps.caches = {
        {"pages", [&cache] { return cache.stats(); }},
        {"articles", [&catalog] { return catalog.articleCacheStats(); }},
        {"reader_page_shells", [&reading] { return reading.shellCacheStats(); }},
        {"comment_sections", [&comment_handlers] { return comment_handlers.sectionCacheStats(); }},
        {"dictionary_answers", [&lookup_cache] { return lookup_cache.stats(); }},
        {"dictionary_unknown_words", [&unknown_word_cache] { return unknown_word_cache.stats(); }},
    };
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
    auto follower_db = db::connect(storage);
    if (!follower_db) {
        return failStart(follower_db.error());
    }
    ChangeFollower follower(std::move(*follower_db),
                            {.catalog = catalog, .glossary = &glossary, .popularity = &popularity},
                            *followed_from, kFollowEvery);
    std::printf("masthead: serving %s/ (data %s, public address %s/)\n", listening.c_str(),
                config.data_dir.c_str(), site.base_url.c_str());
    std::fflush(stdout);
    // Comments deleted or taken down are kept 90 days for appeals (the help page says so),
    // then erased; checked hourly.
    std::jthread housekeeping([&comment_service](const std::stop_token& stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            if (auto purged = comment_service.purgeRemoved(std::chrono::days(90)); !purged) {
                std::fprintf(stderr, "masthead: comments: purge failed: %s\n",
                             purged.error().message.c_str());
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, std::chrono::hours(1), [] { return false; });
        }
    });
    server.run();
    popularity.stop();  // archives the last reads
    std::printf("masthead: stopped\n");
    return 0;
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

namespace {

std::string scopeLabel(std::string_view article_slug) {
    return article_slug.empty() ? "site" : "article " + std::string(article_slug);
}

int glossaryFailure(const Error& e) {
    std::fprintf(stderr, "masthead: glossary: %s\n", e.message.c_str());
    if (!e.detail.empty()) {
        std::fprintf(stderr, "masthead: detail: %s\n", e.detail.c_str());
    }
    return 1;
}

}  // namespace

int glossaryAdd(const std::filesystem::path& data_dir, const dictionary::GlossaryInput& input) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    dictionary::GlossaryStore store(**db);
    auto saved = store.save(input);
    if (!saved) {
        return glossaryFailure(saved.error());
    }
    std::printf("%s %s (%s)\n", *saved == dictionary::GlossarySave::kAdded ? "added" : "updated",
                input.term.c_str(), scopeLabel(input.article_slug).c_str());
    return 0;
}

int glossaryRemove(const std::filesystem::path& data_dir, const std::string& article_slug,
                   const std::string& term) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    dictionary::GlossaryStore store(**db);
    if (auto removed = store.remove(article_slug, term); !removed) {
        return glossaryFailure(removed.error());
    }
    std::printf("removed %s (%s)\n", term.c_str(), scopeLabel(article_slug).c_str());
    return 0;
}

int glossaryList(const std::filesystem::path& data_dir,
                 const std::optional<std::string>& article_slug) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    dictionary::GlossaryStore store(**db);
    auto entries = article_slug ? store.entriesOf(*article_slug) : store.entries();
    if (!entries) {
        return glossaryFailure(entries.error());
    }
    for (const dictionary::GlossaryEntry& e : *entries) {
        std::printf("%s\t%s\t%s\t%s\n", e.article_id ? e.article_slug.c_str() : "site",
                    e.term.c_str(), e.korean.c_str(), e.note.c_str());
    }
    return 0;
}

int glossaryImport(const std::filesystem::path& data_dir, const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "%s: cannot read the file\n", file.c_str());
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto inputs = dictionary::parseGlossaryJson(text.str());
    if (!inputs) {
        for (const std::string& problem : inputs.error()) {
            std::fprintf(stderr, "%s: %s\n", file.c_str(), problem.c_str());
        }
        return 1;
    }
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    dictionary::GlossaryStore store(**db);
    auto imported = store.importEntries(*inputs);
    if (!imported) {
        std::fprintf(stderr, "%s: %s\n", file.c_str(), imported.error().message.c_str());
        return 1;
    }
    std::printf("imported %zu entries from %s (%zu added, %zu updated)\n", inputs->size(),
                file.c_str(), imported->added, imported->updated);
    return 0;
}

namespace {

/// One line from standard input; without echo when it is a terminal.
std::string readPassword() {
    const bool tty = ::isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "Password (at least 12 characters): ");
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

}  // namespace

int userAdd(const std::filesystem::path& data_dir, const std::string& name, identity::Role role) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    if (created) {  // staff first, site later: the first start still adds the demo articles
        if (auto r = content::ArticleStore(**db).setDemoPending(true); !r) {
            return failStart(r.error());
        }
    }
    const std::string password = readPassword();
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    auto added = identity::StaffStore(**db).add(name, role, password, now);
    if (!added) {
        std::fprintf(stderr, "masthead: user: %s\n", added.error().message.c_str());
        return 1;
    }
    std::printf("added %s (%s)\n", added->name.c_str(),
                std::string(identity::toString(role)).c_str());
    return 0;
}

int userList(const std::filesystem::path& data_dir) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failStart(db.error());
    }
    auto staff = identity::StaffStore(**db).all();
    if (!staff) {
        return failStart(staff.error());
    }
    for (const identity::StaffMember& member : *staff) {
        std::printf("%s\t%s\n", member.name.c_str(),
                    std::string(identity::toString(member.role)).c_str());
    }
    return 0;
}

}  // namespace masthead::app
