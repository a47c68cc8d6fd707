#include <gtest/gtest.h>

#include "comments/comment_service.h"
#include "comments/comment_text.h"
#include "content/article_store.h"
#include "content/catalog.h"
#include "content/test_support.h"
#include "identity/reader_store.h"
#include "util/time_format.h"

namespace masthead::comments {
namespace {

using namespace std::chrono_literals;

TEST(CommentText, CountsWhatReadersSee) {
    EXPECT_EQ(graphemeCount("한글"), 2u);
    EXPECT_EQ(graphemeCount("abc"), 3u);
    EXPECT_EQ(graphemeCount("e\xCC\x81"), 1u);                         // e + combining acute
    EXPECT_EQ(graphemeCount("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), 1u);  // thumbs up, skin tone
    // Family: man ZWJ woman ZWJ girl is one character on screen.
    EXPECT_EQ(
        graphemeCount("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"),
        1u);
    // Conjoining jamo (ᄒ ᅡ ᆫ) make one syllable.
    EXPECT_EQ(graphemeCount("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), 1u);
}

TEST(CommentText, NormalisesBeforeCounting) {
    auto body = normalizeComment("  \r\nHello\r\n\r\n\r\n\r\nworld\xE3\x80\x80 ");
    ASSERT_TRUE(body);
    EXPECT_EQ(*body, "Hello\n\nworld");
    // Conjoining jamo become the precomposed syllable under NFC.
    EXPECT_EQ(*normalizeComment("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), "한");
    EXPECT_EQ(normalizeComment("bad \xFF byte").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(normalizeComment("bell \x07").error().code, ErrorCode::kRejected);
    EXPECT_EQ(normalizeComment("flip \xE2\x80\xAE txet").error().code, ErrorCode::kRejected);
}

TEST(CommentText, LimitsAt250Characters) {
    std::string hangul;
    for (int i = 0; i < 250; ++i) {
        hangul += "가";
    }
    EXPECT_TRUE(checkCommentText(hangul));
    auto over = checkCommentText(hangul + "!");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::kRejected);
    EXPECT_EQ(over.error().message, "The comment is 251 characters long; the limit is 250.");
    EXPECT_EQ(checkCommentText(" \n\t ").error().message,
              "The comment is empty. Write something before posting.");
    std::string emoji;
    for (int i = 0; i < 250; ++i) {
        emoji += "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // 8 bytes, 4 UTF-16 units, 1 character
    }
    EXPECT_TRUE(checkCommentText(emoji));
}

TEST(CommentText, EscapesAndLinks) {
    EXPECT_EQ(bodyHtml("<script>alert('x')</script>"),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    EXPECT_EQ(bodyHtml("line one\nline two"), "line one<br>\nline two");
    EXPECT_EQ(bodyHtml("See https://example.com/a?b=1&c=2."),
              "See <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow ugc\">"
              "https://example.com/a?b=1&amp;c=2</a>.");
    EXPECT_EQ(bodyHtml("(www.example.org)"),
              "(<a href=\"https://www.example.org\" rel=\"nofollow ugc\">www.example.org</a>)");
    EXPECT_EQ(bodyHtml("javascript:alert(1) https://\"onmouseover=x"),
              "javascript:alert(1) https://&quot;onmouseover=x");
    EXPECT_EQ(linkCount("http://a.example and https://b.example"), 2u);
    EXPECT_EQ(linkCount("no links, just http:// alone"), 0u);
}

/// The service on a real SQLite file with the real migrations, two articles, and a fake
/// clock for every time rule.
class CommentServiceTest : public content::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        content::ArticleStore articles(*db_);
        for (const char* slug : {"rents-in-seoul", "defectors-in-china"}) {
            content::ArticleInput in;
            in.slug = slug;
            in.section_names = {"National"};
            in.headline = std::string("About ") + slug;
            in.body_markdown = "A paragraph.\n";
            in.published_at = *parseRfc3339("2026-11-20T09:00:00+09:00");
            auto saved = articles.save(in);
            ASSERT_TRUE(saved) << saved.error().message;
            ids_.push_back(saved->article.id);
        }
        ASSERT_TRUE(content::reloadCatalog(articles, catalog_));
        shared_ = std::make_unique<db::SharedConnection>(*db_);
        service_ = std::make_unique<CommentService>(*shared_, catalog_, clock_);
        ASSERT_TRUE(service_->load());
        alice_ = reader("alice");
        bob_ = reader("bob");
    }

    identity::Reader reader(const std::string& name) {
        auto r = identity::ReaderStore(*db_).upsert({"demo", name, name, ""}, 1);
        EXPECT_TRUE(r);
        return *r;
    }
    Result<Comment> post(identity::Reader& who, std::string text, std::int64_t article = 0,
                         std::int64_t parent = 0) {
        auto posted =
            service_->post(who, {article ? article : ids_[0], parent, std::move(text), true});
        if (posted) {
            who = *identity::ReaderStore(*db_).byId(who.id);  // policy now accepted
        }
        return posted;
    }
    std::int64_t rows() { return (*db_->query("SELECT COUNT(*) FROM comments"))[0].integer(0); }

    std::vector<std::int64_t> ids_;
    content::Catalog catalog_;
    FakeClock clock_{*parseRfc3339("2026-11-29T09:00:00+09:00")};
    std::unique_ptr<db::SharedConnection> shared_;
    std::unique_ptr<CommentService> service_;
    identity::Reader alice_;
    identity::Reader bob_;
};

TEST_F(CommentServiceTest, PostsAndPagesNewestFirstWithReplies) {
    const auto v0 = service_->version(ids_[0]);
    auto first = post(alice_, "First!");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_NE(service_->version(ids_[0]), v0);
    clock_.advance(61s);
    auto second = post(bob_, "Second, <b>bold</b> & 'quoted'");
    ASSERT_TRUE(second);
    clock_.advance(61s);
    auto reply = post(alice_, "A reply", 0, second->id);
    ASSERT_TRUE(reply) << reply.error().message;

    auto page = service_->page(ids_[0], Order::kNewest, 1);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->visible, 3u);
    EXPECT_EQ(page->top_level, 2u);
    ASSERT_EQ(page->comments.size(), 2u);
    EXPECT_EQ(page->comments[0].body, "Second, <b>bold</b> & 'quoted'");  // stored as text
    EXPECT_EQ(page->comments[0].author_name, "bob");
    ASSERT_EQ(page->comments[0].replies.size(), 1u);
    EXPECT_EQ(page->comments[0].replies[0].body, "A reply");
    EXPECT_EQ(service_->count(ids_[0]), 3u);
    EXPECT_EQ(service_->count(ids_[1]), 0u);
    EXPECT_EQ(service_->page(ids_[0], Order::kNewest, 2).error().code, ErrorCode::kNotFound);
}

TEST_F(CommentServiceTest, RefusesBadInputAndStoresNothing) {
    auto no_policy = service_->post(alice_, {ids_[0], 0, "Hello", false});
    EXPECT_EQ(no_policy.error().code, ErrorCode::kRejected);
    EXPECT_EQ(service_->post(alice_, {ids_[0], 0, "   ", true}).error().code, ErrorCode::kRejected);
    EXPECT_EQ(service_->post(alice_, {ids_[0], 0, std::string(251, 'x'), true}).error().code,
              ErrorCode::kRejected);
    EXPECT_EQ(service_->post(alice_, {999, 0, "Hello", true}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->post(alice_, {ids_[0], 12345, "Hello", true}).error().code,
              ErrorCode::kRejected);
    EXPECT_EQ(rows(), 0);
    EXPECT_FALSE(identity::ReaderStore(*db_).byId(alice_.id)->policy_accepted_at);
    // A reply to a comment on another article, and a reply to a reply.
    auto other = post(bob_, "On the other article", ids_[1]);
    ASSERT_TRUE(other);
    clock_.advance(61s);
    EXPECT_EQ(post(alice_, "Cross-article", ids_[0], other->id).error().code, ErrorCode::kRejected);
    auto reply = post(alice_, "Fine", ids_[1], other->id);
    ASSERT_TRUE(reply);
    clock_.advance(61s);
    EXPECT_EQ(post(bob_, "Nested", ids_[1], reply->id).error().code, ErrorCode::kRejected);
}

TEST_F(CommentServiceTest, EnforcesTheAntiAbuseRules) {
    ASSERT_TRUE(post(alice_, "one"));
    clock_.advance(30s);
    auto soon = post(alice_, "two");
    ASSERT_FALSE(soon);
    EXPECT_EQ(soon.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(soon.error().retry_after, 30);
    clock_.advance(30s);
    ASSERT_TRUE(post(alice_, "two"));
    clock_.advance(61s);
    auto again = post(alice_, "two", ids_[1]);
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);  // same text within 24 hours
    ASSERT_TRUE(post(alice_, "three"));
    clock_.advance(61s);
    EXPECT_EQ(post(alice_, "four").error().code, ErrorCode::kRateLimited);  // 3 per article
    // Deleted comments still count toward the three.
    auto page = service_->page(ids_[0], Order::kNewest, 1);
    ASSERT_TRUE(service_->remove(alice_, page->comments[0].id));
    EXPECT_EQ(service_->count(ids_[0]), 2u);
    EXPECT_EQ(post(alice_, "four").error().code, ErrorCode::kRateLimited);
    // Two links: held for a moderator, not shown.
    auto held = post(alice_, "see http://a.example and http://b.example", ids_[1]);
    ASSERT_TRUE(held);
    EXPECT_EQ(held->status, Status::kHeld);
    EXPECT_EQ(held->hold_reason, "more than 1 link");
    EXPECT_EQ(service_->count(ids_[1]), 0u);
}

TEST_F(CommentServiceTest, TwentyADayAtMost) {
    CommentRules rules;
    rules.per_article = 100;
    CommentService service(*shared_, catalog_, clock_, rules);
    ASSERT_TRUE(service.load());
    for (int i = 0; i < 20; ++i) {
        auto posted = service.post(alice_, {ids_[0], 0, "note " + std::to_string(i), true});
        ASSERT_TRUE(posted) << posted.error().message;
        clock_.advance(61min);
    }
    auto over = service.post(alice_, {ids_[0], 0, "note 20", true});
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::kRateLimited);
    EXPECT_GT(over.error().retry_after, 0);
}

TEST_F(CommentServiceTest, OnlyTheAuthorDeletesAndBannedReadersCannotPost) {
    auto mine = post(alice_, "mine");
    ASSERT_TRUE(mine);
    EXPECT_EQ(service_->remove(bob_, mine->id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_->count(ids_[0]), 1u);
    ASSERT_TRUE(identity::ReaderStore(*db_).setBan(
        bob_.id, clock_.nowSeconds().time_since_epoch().count() + 3600, "spam"));
    auto banned = *identity::ReaderStore(*db_).byId(bob_.id);
    auto refused = service_->post(banned, {ids_[0], 0, "let me in", true});
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(refused.error().message,
              "You may not comment until your ban ends (60 minutes from now).");
}

}  // namespace
}  // namespace masthead::comments
