#include "web/login_throttle.h"

#include <algorithm>

namespace masthead::web {

std::int64_t LoginThrottle::now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
        .count();
}

long long LoginThrottle::waitFor(const std::string& key, std::int64_t t) {
    auto it = counts_.find(key);
    if (it == counts_.end()) {
        return 0;
    }
    if (t - it->second.since >= window_.count()) {
        counts_.erase(it);
        return 0;
    }
    return it->second.failures >= max_failures_ ? window_.count() - (t - it->second.since) : 0;
}

long long LoginThrottle::wait(const std::string& name, const std::string& address) {
    const std::lock_guard lock(mutex_);
    const std::int64_t t = now();
    return std::max(waitFor("name:" + name, t), waitFor("addr:" + address, t));
}

void LoginThrottle::failed(const std::string& name, const std::string& address) {
    const std::lock_guard lock(mutex_);
    const std::int64_t t = now();
    if (counts_.size() > 100'000) {
        counts_.clear();  // a flood of made-up names must not exhaust memory
    }
    for (const std::string& key : {"name:" + name, "addr:" + address}) {
        Count& c = counts_[key];
        if (c.failures == 0 || t - c.since >= window_.count()) {
            c = Count{0, t};
        }
        ++c.failures;
    }
}

void LoginThrottle::succeeded(const std::string& name) {
    const std::lock_guard lock(mutex_);
    counts_.erase("name:" + name);
}

}  // namespace masthead::web
