#include "app/catalog_refresher.h"

#include <cstdio>

#include "content/article_store.h"
#include "db/sqlite_database.h"
#include "dictionary/glossary_store.h"

namespace masthead::app {

CatalogRefresher::CatalogRefresher(std::filesystem::path db_file, content::Catalog& catalog,
                                   dictionary::Glossary* glossary,
                                   std::chrono::milliseconds interval)
    : db_file_(std::move(db_file)), catalog_(catalog), glossary_(glossary), interval_(interval) {
    thread_ = std::thread([this] { run(); });
}

CatalogRefresher::~CatalogRefresher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void CatalogRefresher::run() {
    auto db = db::SqliteDatabase::open(db_file_);
    if (!db) {
        std::fprintf(stderr, "masthead: content refresh disabled: %s\n",
                     db.error().message.c_str());
        return;
    }
    content::ArticleStore store(**db);
    dictionary::GlossaryStore glossary_store(**db);
    const auto reload = [&] {
        if (auto r = content::reloadCatalog(store, catalog_); !r) {
            std::fprintf(stderr, "masthead: content reload failed: %s (%s)\n",
                         r.error().message.c_str(), r.error().detail.c_str());
        }
        if (glossary_ == nullptr) {
            return;
        }
        if (auto r = dictionary::reloadGlossary(glossary_store, *glossary_); !r) {
            std::fprintf(stderr, "masthead: glossary reload failed: %s (%s)\n",
                         r.error().message.c_str(), r.error().detail.c_str());
        }
    };
    // data_version says that another connection committed something; the content revision
    // says whether it was content (read counts are committed every few seconds too).
    auto marker = (*db)->changeMarker();
    auto revision = store.contentRevision();
    // A commit between the server's first load and the reads above would otherwise wait for
    // the next commit: load once more now that both are known.
    reload();
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        auto now = (*db)->changeMarker();
        if (!now || (marker && *now == *marker)) {
            continue;
        }
        marker = now;
        auto current = store.contentRevision();
        if (!current || (revision && *current == *revision)) {
            continue;
        }
        revision = current;
        reload();
    }
}

}  // namespace masthead::app
