// `masthead user add|list`: staff accounts from a terminal.
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/data_folder.h"
#include "content/article_store.h"
#include "identity/staff_store.h"

namespace masthead::app {

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
        return failCommand(db.error());
    }
    if (created) {  // staff first, site later: the first start still adds the demo articles
        if (auto r = content::ArticleStore(**db).setDemoPending(true); !r) {
            return failCommand(r.error());
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
        return failCommand(db.error());
    }
    auto staff = identity::StaffStore(**db).all();
    if (!staff) {
        return failCommand(staff.error());
    }
    for (const identity::StaffMember& member : *staff) {
        std::printf("%s\t%s\n", member.name.c_str(),
                    std::string(identity::toString(member.role)).c_str());
    }
    return 0;
}

}  // namespace masthead::app
