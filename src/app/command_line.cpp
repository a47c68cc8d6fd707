#include "app/command_line.h"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/commands.h"
#include "app/config.h"

namespace masthead::app {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  masthead serve [--listen HOST:PORT] [--data DIR] [--config FILE] [--demo]\n"
    "      Serve the site (default 127.0.0.1:8080, data folder ./var). A new, empty data\n"
    "      folder gets the demo content. --demo adds a demo sign-in with any name, so the\n"
    "      comments can be tried without a login provider: never on a public site.\n"
    "      Stops cleanly on SIGINT/SIGTERM.\n"
    "  masthead import --data DIR FILE|FOLDER...\n"
    "      Import Markdown articles with YAML front matter (every *.md file under a FOLDER);\n"
    "      prints each added or updated article's URL path. Files imported before from the\n"
    "      same bytes are skipped; Ctrl-C stops cleanly and a re-run continues.\n"
    "  masthead popular pin|exclude|clear --data DIR SLUG...\n"
    "      Pin an article to the top of What's Popular Now, keep it out, or undo either.\n"
    "  masthead glossary add --data DIR [--article SLUG] TERM KOREAN [NOTE]\n"
    "  masthead glossary remove --data DIR [--article SLUG] TERM\n"
    "  masthead glossary list --data DIR [--article SLUG]\n"
    "  masthead glossary import --data DIR FILE.json\n"
    "  masthead user add --data DIR NAME --role moderator|editor|admin\n"
    "  masthead user list --data DIR\n"
    "      Staff accounts for the moderation pages (/admin). add reads the password (at\n"
    "      least 12 characters) from standard input, without echo on a terminal.\n"
    "      The newsroom's glossary, shown first in the dictionary pop-up: a term with its\n"
    "      Korean gloss and a note, for one article (--article) or the whole site. import\n"
    "      reads [{\"term\": ..., \"korean\": ..., \"note\": ..., \"article\": SLUG}], all or "
    "nothing.\n"
    "  masthead version\n";

int usage(const std::string& problem) {
    std::fprintf(stderr, "masthead: %s\n%s", problem.c_str(), kUsage);
    return 2;
}

/// Takes the value of `--name VALUE` or `--name=VALUE` at args[i].
bool takeOption(const std::vector<std::string_view>& args, std::size_t& i, std::string_view name,
                std::string& value, std::string& problem) {
    const std::string_view arg = args[i];
    if (arg == name) {
        if (i + 1 >= args.size()) {
            problem = std::string(name) + " needs a value";
            return true;
        }
        value = args[++i];
        return true;
    }
    if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=') {
        value = arg.substr(name.size() + 1);
        return true;
    }
    return false;
}

int serveCommand(const std::vector<std::string_view>& args) {
    std::string listen, data, config_file, problem;
    ServeMode mode;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--demo") {
            mode.demo = true;
            continue;
        }
        if (takeOption(args, i, "--listen", listen, problem) ||
            takeOption(args, i, "--data", data, problem) ||
            takeOption(args, i, "--config", config_file, problem)) {
            if (!problem.empty()) {
                return usage(problem);
            }
            continue;
        }
        return usage("serve: unknown argument \"" + std::string(args[i]) + "\"");
    }
    Config config;
    if (!config_file.empty()) {
        auto loaded = loadConfigFile(config_file, config);
        if (!loaded) {
            std::fprintf(stderr, "masthead: %s\n", loaded.error().message.c_str());
            return 1;
        }
        config = std::move(*loaded);
        for (const std::string& warning : config.warnings) {
            std::fprintf(stderr, "masthead: warning: %s\n", warning.c_str());
        }
    }
    if (!listen.empty()) {
        if (auto r = setListen(config, listen); !r) {
            return usage(r.error().message);
        }
    }
    if (!data.empty()) {
        config.data_dir = data;
    }
    return serve(config, mode);
}

int importCommand(const std::vector<std::string_view>& args) {
    std::string data, problem;
    std::vector<std::filesystem::path> files;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (takeOption(args, i, "--data", data, problem)) {
            if (!problem.empty()) {
                return usage(problem);
            }
            continue;
        }
        if (args[i].starts_with("--")) {
            return usage("import: unknown option \"" + std::string(args[i]) + "\"");
        }
        files.emplace_back(args[i]);
    }
    if (data.empty()) {
        return usage("import: --data DIR is required");
    }
    if (files.empty()) {
        return usage("import: name at least one FILE or FOLDER");
    }
    return importFiles(data, files);
}

int popularCommand(const std::vector<std::string_view>& args) {
    if (args.empty() || (args[0] != "pin" && args[0] != "exclude" && args[0] != "clear")) {
        return usage("popular: say pin, exclude or clear");
    }
    std::string data, problem;
    std::vector<std::string> slugs;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (takeOption(args, i, "--data", data, problem)) {
            if (!problem.empty()) {
                return usage(problem);
            }
            continue;
        }
        if (args[i].starts_with("--")) {
            return usage("popular: unknown option \"" + std::string(args[i]) + "\"");
        }
        slugs.emplace_back(args[i]);
    }
    if (data.empty() || slugs.empty()) {
        return usage("popular: --data DIR and at least one SLUG are required");
    }
    return setPopularOverride(data, args[0], slugs);
}

int glossaryCommand(const std::vector<std::string_view>& args) {
    const std::string_view action = args.empty() ? "" : args[0];
    if (action != "add" && action != "remove" && action != "list" && action != "import") {
        return usage("glossary: say add, remove, list or import");
    }
    std::string data, article, problem;
    bool has_article = false;
    std::vector<std::string> words;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (takeOption(args, i, "--data", data, problem)) {
            if (!problem.empty()) {
                return usage(problem);
            }
            continue;
        }
        if (takeOption(args, i, "--article", article, problem)) {
            if (!problem.empty()) {
                return usage(problem);
            }
            has_article = true;
            continue;
        }
        if (args[i].starts_with("--")) {
            return usage("glossary: unknown option \"" + std::string(args[i]) + "\"");
        }
        words.emplace_back(args[i]);
    }
    if (data.empty()) {
        return usage("glossary: --data DIR is required");
    }
    if (has_article && article.empty()) {
        return usage("glossary: --article needs an article's slug");
    }
    if (action == "add") {
        if (words.size() < 2 || words.size() > 3) {
            return usage("glossary add: give TERM KOREAN and optionally NOTE");
        }
        return glossaryAdd(data, {.article_slug = article,
                                  .term = words[0],
                                  .korean = words[1],
                                  .note = words.size() > 2 ? words[2] : ""});
    }
    if (action == "remove") {
        if (words.size() != 1) {
            return usage("glossary remove: give one TERM");
        }
        return glossaryRemove(data, article, words[0]);
    }
    if (action == "list") {
        if (!words.empty()) {
            return usage("glossary list: takes no TERM");
        }
        return glossaryList(data, has_article ? std::optional<std::string>(article) : std::nullopt);
    }
    if (has_article || words.size() != 1) {
        return usage("glossary import: give one FILE.json (entries name their article)");
    }
    return glossaryImport(data, words[0]);
}

int userCommand(const std::vector<std::string_view>& args) {
    const std::string_view action = args.empty() ? "" : args[0];
    if (action != "add" && action != "list") {
        return usage("user: say add or list");
    }
    std::string data, role, problem;
    std::vector<std::string> names;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (takeOption(args, i, "--data", data, problem) ||
            takeOption(args, i, "--role", role, problem)) {
            if (!problem.empty()) {
                return usage(problem);
            }
            continue;
        }
        if (args[i].starts_with("--")) {
            return usage("user: unknown option \"" + std::string(args[i]) + "\"");
        }
        names.emplace_back(args[i]);
    }
    if (data.empty()) {
        return usage("user: --data DIR is required");
    }
    if (action == "list") {
        return names.empty() && role.empty() ? userList(data)
                                             : usage("user list: takes only --data");
    }
    const auto parsed = identity::parseRole(role);
    if (names.size() != 1 || !parsed) {
        return usage("user add: give one NAME and --role moderator, editor or admin");
    }
    return userAdd(data, names[0], *parsed);
}

}  // namespace

int failCommand(const Error& e) {
    std::fprintf(stderr, "masthead: %s\n", e.message.c_str());
    if (!e.detail.empty()) {
        std::fprintf(stderr, "masthead: detail: %s\n", e.detail.c_str());
    }
    return 1;
}

int runCommandLine(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        return usage("name a command");
    }
    const std::string_view command = args.front();
    args.erase(args.begin());
    if (command == "serve") {
        return serveCommand(args);
    }
    if (command == "import") {
        return importCommand(args);
    }
    if (command == "popular") {
        return popularCommand(args);
    }
    if (command == "glossary") {
        return glossaryCommand(args);
    }
    if (command == "user") {
        return userCommand(args);
    }
    if (command == "version" || command == "--version") {
        std::printf("masthead 0.1.0\n");
        return 0;
    }
    if (command == "help" || command == "--help" || command == "-h") {
        std::printf("%s", kUsage);
        return 0;
    }
    return usage("unknown command \"" + std::string(command) + "\"");
}

}  // namespace masthead::app
