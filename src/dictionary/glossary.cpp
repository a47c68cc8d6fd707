#include "dictionary/glossary.h"

namespace masthead::dictionary {
namespace {

/// Generations are unique across every Glossary of the process, so a thread's cached
/// snapshot can never be mistaken for another glossary's.
std::atomic<std::uint64_t> generations{0};

}  // namespace

GlossarySnapshot::GlossarySnapshot(std::vector<GlossaryEntry> entries, std::uint64_t generation)
    : entries_(std::move(entries)), generation_(generation) {
    for (const GlossaryEntry& e : entries_) {
        by_key_[e.term_key].push_back(&e);
    }
}

std::vector<const GlossaryEntry*> GlossarySnapshot::find(
    std::string_view term_key, std::optional<std::int64_t> article_id) const {
    std::vector<const GlossaryEntry*> out;
    const auto it = by_key_.find(term_key);
    if (it == by_key_.end()) {
        return out;
    }
    if (article_id) {
        for (const GlossaryEntry* e : it->second) {
            if (e->article_id == article_id) {
                out.push_back(e);
            }
        }
    }
    for (const GlossaryEntry* e : it->second) {
        if (!e->article_id) {
            out.push_back(e);
        }
    }
    return out;
}

Glossary::Glossary() { publish({}); }

void Glossary::publish(std::vector<GlossaryEntry> entries) {
    const std::uint64_t generation = generations.fetch_add(1) + 1;
    current_.store(std::make_shared<const GlossarySnapshot>(std::move(entries), generation),
                   std::memory_order_release);
    current_generation_.store(generation, std::memory_order_release);
}

std::shared_ptr<const GlossarySnapshot> Glossary::snapshot() const {
    thread_local std::shared_ptr<const GlossarySnapshot> cached;
    const std::uint64_t generation = current_generation_.load(std::memory_order_acquire);
    if (!cached || cached->generation() != generation) {
        cached = current_.load(std::memory_order_acquire);
    }
    return cached;
}

}  // namespace masthead::dictionary
