// `masthead popular pin|exclude|clear`: the newsroom's say over "What's Popular Now".
#include <cstdio>

#include "app/commands.h"
#include "app/data_folder.h"
#include "content/article_store.h"
#include "popularity/view_archive.h"

namespace masthead::app {

int setPopularOverride(const std::filesystem::path& data_dir, std::string_view action,
                       const std::vector<std::string>& slugs) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failCommand(db.error());
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

}  // namespace masthead::app
