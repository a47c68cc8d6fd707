#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "comments/comment.h"
#include "identity/reader.h"
#include "web/site_info.h"
#include "web/static_assets.h"
#include "web/templates.h"

namespace masthead::web {

/// A login button: a provider readers may log in with.
struct LoginOption {
    std::string id;     ///< URL segment: /login/{id}
    std::string label;  ///< "Google"
};

/// The comment box for a signed-in reader.
struct CommentForm {
    const identity::Reader* reader = nullptr;
    std::string provider_label;  ///< "Google", "Demo"
    std::string csrf;
    std::int64_t article_id = 0;
    std::int64_t parent_id = 0;  ///< a reply form
    std::string return_to;       ///< where "Log out" goes back to
    std::string banned;          ///< why the reader cannot post now ("" when they can)
    std::string closed;          ///< why the thread takes no comments ("" when it does)
    bool premoderated = false;   ///< comments wait for a moderator before they show
};

/// Stands for the reader's CSRF token in HTML rendered once for every signed-in reader (the
/// vote buttons of a cached thread); replaced per request.
inline constexpr std::string_view kCsrfMarker = "\x02csrf\x02";

/// HTML fragments of the comment section: the box (logged out, or a form), the comments,
/// and the section around them. Pure and thread-safe, like PageRenderer.
class CommentViews {
  public:
    CommentViews(const SiteInfo& site, const Templates& templates, const StaticAssets& assets,
                 std::vector<LoginOption> providers, bool demo, std::size_t max_characters)
        : site_(site),
          templates_(templates),
          assets_(assets),
          providers_(std::move(providers)),
          demo_(demo),
          max_characters_(max_characters) {}

    /// "Log in to Twitter or Facebook account to connect with The Masthead Daily", naming
    /// the providers that are configured.
    [[nodiscard]] std::string loginPrompt() const;
    /// The box for a visitor who has not logged in; login returns to `return_to`. For a
    /// closed thread (`closed` says why), only that and the policy link.
    [[nodiscard]] std::string boxOut(std::string_view return_to,
                                     std::string_view closed = {}) const;
    [[nodiscard]] std::string boxIn(const CommentForm& form) const;
    /// Comments as <li> items, with their replies. `member`: for a signed-in reader (vote
    /// buttons and report links, with kCsrfMarker for the token); else vote counts as text.
    [[nodiscard]] std::string items(const std::vector<comments::Comment>& comments, bool can_reply,
                                    bool member = false) const;
    /// The section after an article: heading with the count, `box`, the comments, and a link
    /// to every comment when there are more pages.
    [[nodiscard]] std::string section(const comments::ThreadPage& page,
                                      std::string_view article_path, std::string_view box,
                                      bool member = false) const;
    /// One comment's own page: the comment with its replies, a note on its state for its
    /// author, `form` (a reply form or the login box), and a delete button when
    /// `delete_csrf` is set.
    struct CommentPage {
        const comments::Comment* comment = nullptr;
        std::string article_path;
        std::string headline;
        std::string status_note;
        std::string form;
        std::string delete_csrf;
        bool member = false;      ///< for a signed-in reader: vote buttons (kCsrfMarker)
        bool can_report = false;  ///< the report form (kCsrfMarker)
    };
    [[nodiscard]] std::string commentPage(const CommentPage& page) const;
    /// Every comment of an article, a page at a time, with the order to choose.
    [[nodiscard]] std::string threadPage(const comments::ThreadPage& page,
                                         std::string_view article_path,
                                         std::string_view headline) const;
    /// The login page's content.
    [[nodiscard]] std::string loginPage(std::string_view return_to, std::string_view csrf,
                                        std::string_view message) const;

    [[nodiscard]] const std::vector<LoginOption>& providers() const { return providers_; }
    [[nodiscard]] bool demo() const { return demo_; }
    [[nodiscard]] std::size_t maxCharacters() const { return max_characters_; }
    /// "/login/google?return=%2Fnational%2Frents"
    [[nodiscard]] static std::string loginUrl(std::string_view provider,
                                              std::string_view return_to);

  private:
    [[nodiscard]] TemplateData providerList(std::string_view return_to) const;
    [[nodiscard]] std::string item(const comments::Comment& c, bool can_reply, bool member) const;

    const SiteInfo& site_;
    const Templates& templates_;
    const StaticAssets& assets_;
    std::vector<LoginOption> providers_;
    bool demo_;
    std::size_t max_characters_;
};

}  // namespace masthead::web
