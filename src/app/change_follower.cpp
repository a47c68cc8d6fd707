#include "app/change_follower.h"

#include <charconv>
#include <cstdio>

#include "dictionary/glossary_store.h"

namespace masthead::app {
namespace {

/// "OLD,NEW": the sections an article was filed under before and after a save.
std::pair<std::int64_t, std::int64_t> sectionsOf(std::string_view detail) {
    std::int64_t before = 0;
    std::int64_t after = 0;
    const auto comma = detail.find(',');
    if (comma != std::string_view::npos) {
        const std::string_view old_section = detail.substr(0, comma);
        const std::string_view new_section = detail.substr(comma + 1);
        std::from_chars(old_section.begin(), old_section.end(), before);
        std::from_chars(new_section.begin(), new_section.end(), after);
    }
    return {before, after};
}

void report(const char* what, const Error& e) {
    std::fprintf(stderr, "masthead: %s: %s (%s)\n", what, e.message.c_str(), e.detail.c_str());
}

}  // namespace

ChangeFollower::ChangeFollower(std::unique_ptr<db::Database> db, Followers followers,
                               std::int64_t after, std::chrono::milliseconds interval,
                               std::size_t max_batch)
    : db_(std::move(db)),
      followers_(followers),
      interval_(interval),
      max_batch_(max_batch),
      last_seq_(after) {
    // No change marker yet: the first poll reads the log.
    thread_ = std::thread([this] { run(); });
}

ChangeFollower::~ChangeFollower() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

Result<void> ChangeFollower::forgetAll() {
    if (auto r = followers_.catalog.forgetAll(); !r) {
        return r;
    }
    if (followers_.glossary != nullptr) {
        dictionary::GlossaryStore store(*db_);
        if (auto r = dictionary::reloadGlossary(store, *followers_.glossary); !r) {
            return r;
        }
    }
    if (followers_.popularity != nullptr) {
        followers_.popularity->forgetArticles();
    }
    return {};
}

Result<void> ChangeFollower::apply(const db::Change& change) {
    if (change.topic == "article") {
        const auto [before, after] = sectionsOf(change.detail);
        followers_.catalog.articleChanged(change.subject, before, after);
        if (followers_.popularity != nullptr) {
            followers_.popularity->articleChanged(change.subject);
        }
    } else if (change.topic == "sections") {
        return followers_.catalog.loadSections();
    } else if (change.topic == "glossary" && followers_.glossary != nullptr) {
        dictionary::GlossaryStore store(*db_);
        return dictionary::reloadGlossary(store, *followers_.glossary);
    }
    return {};
}

Result<void> ChangeFollower::poll() {
    auto marker = db_->changeMarker();
    if (!marker) {
        return fail(marker.error());
    }
    if (marker_ && *marker == *marker_) {
        return {};  // nothing committed by anyone since the last look
    }
    auto since = db::ChangeLog(*db_).since(last_seq_, max_batch_);
    if (!since) {
        return fail(since.error());
    }
    if (!since->complete) {
        std::fprintf(stderr,
                     "masthead: %lld or more changes at once: every cached article and page is "
                     "read again as needed\n",
                     static_cast<long long>(since->latest - last_seq_));
        if (auto r = forgetAll(); !r) {
            return r;
        }
    } else {
        // A section made in the same run as the articles filed under it comes first in the
        // log, so the tree knows it by the time they are applied.
        for (const db::Change& change : since->changes) {
            if (auto r = apply(change); !r) {
                return r;  // applied again from here next time
            }
            last_seq_ = change.seq;
        }
    }
    last_seq_ = since->latest;
    marker_ = *marker;
    return {};
}

void ChangeFollower::run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        lock.unlock();
        if (auto r = poll(); !r) {
            report("following changes (will retry)", r.error());
        }
        lock.lock();
    }
}

}  // namespace masthead::app
