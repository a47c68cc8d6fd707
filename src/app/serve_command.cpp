// `masthead serve`: the Site behind an http::Server until SIGINT/SIGTERM, following the changes
// others commit and keeping house hourly.
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/change_follower.h"
#include "app/commands.h"
#include "app/site.h"
#include "db/storage.h"

namespace masthead::app {
namespace {

// How often a server looks for changes made by others (an import, another node): a change is
// on its pages within this and the time to apply it.
constexpr std::chrono::milliseconds kFollowEvery{200};

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
        return failCommand(site.error());
    }
    const int log_fd = openLog(config.access_log);
    if (config.access_log != "off" && log_fd < 0) {
        return failCommand(Error::unavailable("cannot open the access log " + config.access_log));
    }
    http::AccessLog access_log(log_fd);
    http::Server server((*site)->router(), config.server, (*site)->errorPages(), access_log,
                        (*site)->metrics());
    auto port = server.listen(config.listen_host, config.listen_port);
    if (!port) {
        return failCommand(port.error());
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
        return failCommand(follower_db.error());
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

}  // namespace masthead::app
