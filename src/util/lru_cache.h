#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

namespace masthead {

/// Hashes std::string keys and std::string_view look-ups alike (no allocation per look-up).
struct StringKeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// What a byte-bounded cache holds and how full it is.
struct CacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t capacity_bytes = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;
};

/// The most recently used values by key, bounded by the bytes they cost (the caller says how
/// many each value costs; the key and the bookkeeping are added). `Value` is cheap to copy
/// (a shared_ptr, or a small struct holding one) and default-constructs to "nothing". Sharded by
/// key hash, one mutex per shard held only for a hash probe and a list splice, never across
/// rendering or I/O. A value larger than a shard's share is not kept. Thread-safe.
template <class Key, class Value, class Hash = std::hash<Key>, class Equal = std::equal_to<>>
class LruCache {
  public:
    /// Bookkeeping per entry beyond the value's and the key's own bytes: list and hash nodes,
    /// the shared_ptr's control block (measured order of magnitude, not exact).
    static constexpr std::size_t kEntryOverhead = 128;

    explicit LruCache(std::size_t capacity_bytes)
        : capacity_(capacity_bytes), shard_capacity_(capacity_bytes / kShards) {}
    LruCache(const LruCache&) = delete;
    LruCache& operator=(const LruCache&) = delete;

    /// The value for `key`, now the most recently used; Value{} when absent.
    template <class K>
    [[nodiscard]] Value find(const K& key) {
        Shard& shard = shardOf(key);
        const std::lock_guard lock(shard.mutex);
        const auto it = shard.index.find(key);
        if (it == shard.index.end()) {
            misses_.fetch_add(1, std::memory_order_relaxed);
            return Value{};
        }
        shard.order.splice(shard.order.begin(), shard.order, it->second);
        hits_.fetch_add(1, std::memory_order_relaxed);
        return it->second->value;
    }

    /// Keeps `value` for `key` (replacing what was there), costing `bytes` plus the key's,
    /// and drops the least recently used entries of its shard past the shard's share.
    void put(Key key, Value value, std::size_t bytes) {
        const std::size_t cost = bytes + keyBytes(key) + kEntryOverhead;
        Shard& shard = shardOf(key);
        const std::lock_guard lock(shard.mutex);
        drop(shard, key);
        if (cost > shard_capacity_) {
            return;
        }
        shard.order.push_front(Node{key, std::move(value), cost});
        shard.index.emplace(std::move(key), shard.order.begin());
        shard.bytes += cost;
        while (shard.bytes > shard_capacity_) {
            const Node& last = shard.order.back();
            shard.bytes -= last.bytes;
            shard.index.erase(last.key);
            shard.order.pop_back();
            evictions_.fetch_add(1, std::memory_order_relaxed);
        }
    }

    /// Drops the entry for `key`, if any.
    template <class K>
    void erase(const K& key) {
        Shard& shard = shardOf(key);
        const std::lock_guard lock(shard.mutex);
        drop(shard, key);
    }

    /// Drops every entry.
    void clear() {
        for (Shard& shard : shards_) {
            const std::lock_guard lock(shard.mutex);
            shard.index.clear();
            shard.order.clear();
            shard.bytes = 0;
        }
    }

    [[nodiscard]] CacheStats stats() const {
        CacheStats s;
        for (const Shard& shard : shards_) {
            const std::lock_guard lock(shard.mutex);
            s.entries += shard.index.size();
            s.bytes += shard.bytes;
        }
        s.capacity_bytes = capacity_;
        s.hits = hits_.load(std::memory_order_relaxed);
        s.misses = misses_.load(std::memory_order_relaxed);
        s.evictions = evictions_.load(std::memory_order_relaxed);
        return s;
    }

  private:
    static constexpr std::size_t kShards = 16;
    struct Node {
        Key key;
        Value value;
        std::size_t bytes;
    };
    struct Shard {
        mutable std::mutex mutex;
        std::list<Node> order;  // most recently used first
        std::unordered_map<Key, typename std::list<Node>::iterator, Hash, Equal> index;
        std::size_t bytes = 0;
    };

    /// Removes the entry for `key` from a shard whose mutex the caller holds.
    template <class K>
    static void drop(Shard& shard, const K& key) {
        if (const auto it = shard.index.find(key); it != shard.index.end()) {
            shard.bytes -= it->second->bytes;
            shard.order.erase(it->second);
            shard.index.erase(it);
        }
    }
    static std::size_t keyBytes(const Key& key) {
        if constexpr (std::is_same_v<Key, std::string>) {
            return key.capacity();
        } else {
            return sizeof(Key);
        }
    }
    template <class K>
    Shard& shardOf(const K& key) {
        // Mixed so that keys differing in their low bits (ids) spread over the shards.
        const std::size_t h = Hash{}(key);
        return shards_[(h ^ (h >> 17U) ^ (h >> 31U)) % kShards];
    }

    std::size_t capacity_;
    std::size_t shard_capacity_;
    std::array<Shard, kShards> shards_;
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
    std::atomic<std::uint64_t> evictions_{0};
};

}  // namespace masthead
