#include "app/site_runtime.h"

#include <fcntl.h>
#include <malloc.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stop_token>
#include <thread>

#include "app/change_follower.h"
#include "app/data_folder.h"
#include "app/site.h"
#include "content/article_store.h"
#include "db/migrations.h"
#include "db/storage.h"
#include "dictionary/glossary_import.h"
#include "dictionary/glossary_store.h"
#include "identity/secrets.h"
#include "popularity/view_archive.h"

namespace masthead::app {
namespace {

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

int serve(const Config& config, ServeMode mode) {
    // A page made per request (a signed-in reader's) allocates and frees tens of KB each
    // time; with glibc's default 128 KB trim threshold the heap was given back to the kernel
    // and faulted in again at that rate (signed-in pages 20k -> 34k req/s with this). Freed
    // memory up to 16 MB per arena stays for reuse.
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
    const SystemClock clock;
    auto site = Site::open(config, mode, clock);
    if (!site) {
        return failStart(site.error());
    }
    const int log_fd = openLog(config.access_log);
    if (config.access_log != "off" && log_fd < 0) {
        return failStart(Error::unavailable("cannot open the access log " + config.access_log));
    }
    http::AccessLog access_log(log_fd);
    http::Server server((*site)->router(), config.server, (*site)->errorPages(), access_log,
                        (*site)->metrics());
    auto port = server.listen(config.listen_host, config.listen_port);
    if (!port) {
        return failStart(port.error());
    }
    const bool v6 = config.listen_host.find(':') != std::string::npos;
    const std::string listening = "http://" +
                                  (v6 ? "[" + config.listen_host + "]" : config.listen_host) + ":" +
                                  std::to_string(*port);
    web::SiteInfo& info = (*site)->info();
    if (info.base_url.empty()) {
        info.base_url = listening;
    }
    auto follower_db = db::connect(config.storage());
    if (!follower_db) {
        return failStart(follower_db.error());
    }
    ChangeFollower follower(std::move(*follower_db),
                            {.catalog = (*site)->catalog(),
                             .glossary = &(*site)->glossary(),
                             .popularity = &(*site)->popularity()},
                            (*site)->followedFrom(), kFollowEvery);
    std::printf("masthead: serving %s/ (data %s, public address %s/)\n", listening.c_str(),
                config.data_dir.c_str(), info.base_url.c_str());
    std::fflush(stdout);
    // What is kept past its time is deleted hourly.
    std::jthread housekeeping([&site](const std::stop_token& stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            if (auto done = (*site)->housekeeping(); !done) {
                std::fprintf(stderr, "masthead: housekeeping failed: %s\n",
                             done.error().message.c_str());
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, std::chrono::hours(1), [] { return false; });
        }
    });
    server.run();
    housekeeping.request_stop();
    housekeeping.join();
    (*site)->popularity().stop();  // archives the last reads
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
