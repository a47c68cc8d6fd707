#include <gtest/gtest.h>

#include <algorithm>

#include "comments/comment_service.h"
#include "comments/comment_text.h"
#include "comments/moderation.h"
#include "content/article_store.h"
#include "content/catalog.h"
#include "content/test_support.h"
#include "identity/reader_store.h"
#include "identity/staff_store.h"
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
        ids_ = addArticles({"rents-in-seoul", "defectors-in-china"});
        ASSERT_EQ(ids_.size(), 2u);
        shared_ = std::make_unique<db::SharedConnection>(*db_);
        service_ = std::make_unique<CommentService>(*shared_, catalog(), clock_);
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
            service_->post(who, {article ? article : ids_[0], parent, std::move(text), true, ""});
        if (posted) {
            who = *identity::ReaderStore(*db_).byId(who.id);  // policy now accepted
        }
        return posted;
    }
    std::int64_t rows() { return (*db_->query("SELECT COUNT(*) FROM comments"))[0].integer(0); }

    std::vector<std::int64_t> ids_;
    FakeClock clock_{*parseRfc3339("2026-11-29T09:00:00+09:00")};
    std::unique_ptr<db::SharedConnection> shared_;
    std::unique_ptr<CommentService> service_;
    identity::Reader alice_;
    identity::Reader bob_;
};

TEST_P(CommentServiceTest, PostsAndPagesNewestFirstWithReplies) {
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

TEST_P(CommentServiceTest, RefusesBadInputAndStoresNothing) {
    auto no_policy = service_->post(alice_, {ids_[0], 0, "Hello", false, ""});
    EXPECT_EQ(no_policy.error().code, ErrorCode::kRejected);
    EXPECT_EQ(service_->post(alice_, {ids_[0], 0, "   ", true, ""}).error().code,
              ErrorCode::kRejected);
    EXPECT_EQ(service_->post(alice_, {ids_[0], 0, std::string(251, 'x'), true, ""}).error().code,
              ErrorCode::kRejected);
    EXPECT_EQ(service_->post(alice_, {999, 0, "Hello", true, ""}).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_->post(alice_, {ids_[0], 12345, "Hello", true, ""}).error().code,
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

TEST_P(CommentServiceTest, EnforcesTheAntiAbuseRules) {
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

TEST_P(CommentServiceTest, PagesDeepThreadsInBothOrdersFromTheirIndexes) {
    // 45 top-level comments with scattered votes and tied scores, two of them not visible,
    // and replies under some; written straight to the table (no time rule involved).
    auto& db = *db_;
    struct Row {
        std::int64_t id;
        std::int64_t created;
        std::int64_t score;
    };
    std::vector<Row> visible;
    for (std::int64_t i = 1; i <= 45; ++i) {
        const std::int64_t up = (i * 7) % 5;
        const std::int64_t down = (i * 3) % 4;
        const bool shown = i != 10 && i != 30;
        auto id = db.query(
            "INSERT INTO comments (article_id, reader_id, body, status, created_at, up_votes, "
            "down_votes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            {ids_[0], alice_.id, "top " + std::to_string(i), shown ? "visible" : "hidden", 1000 + i,
             up, down});
        ASSERT_TRUE(id) << id.error().message;
        if (shown) {
            visible.push_back({(*id)[0].integer(0), 1000 + i, up - down});
        }
        if (i % 4 == 0) {
            for (const char* status : {"visible", "deleted"}) {
                ASSERT_TRUE(db.execute(
                    "INSERT INTO comments (article_id, reader_id, parent_id, body, status, "
                    "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    {ids_[0], bob_.id, (*id)[0].integer(0), std::string("reply ") + status, status,
                     5000 + i}));
            }
        }
    }
    CommentStore store(db);
    for (const Order order : {Order::kNewest, Order::kBest}) {
        std::vector<Row> want = visible;
        std::ranges::sort(want, [&](const Row& a, const Row& b) {
            if (order == Order::kBest && a.score != b.score) {
                return a.score > b.score;
            }
            return order == Order::kBest ? a.id > b.id : a.created > b.created;
        });
        std::vector<std::int64_t> got;
        for (std::size_t offset = 0; offset < 60; offset += 20) {
            auto page = store.topLevel(ids_[0], order, offset, 20);
            ASSERT_TRUE(page) << page.error().message;
            EXPECT_EQ(page->size(),
                      std::min<std::size_t>(20, want.size() - std::min(offset, want.size())));
            for (const Comment& c : *page) {
                got.push_back(c.id);
                const bool has_replies = std::stoi(c.body.substr(4)) % 4 == 0;
                ASSERT_EQ(c.replies.size(), has_replies ? 1u : 0u) << c.body;
                if (has_replies) {
                    EXPECT_EQ(c.replies[0].body, "reply visible");
                }
            }
        }
        std::vector<std::int64_t> want_ids;
        want_ids.reserve(want.size());
        for (const Row& r : want) {
            want_ids.push_back(r.id);
        }
        EXPECT_EQ(got, want_ids) << (order == Order::kBest ? "best" : "newest");
    }
    // The page ids come from the partial indexes, whatever the depth: no sort of the thread.
    for (const std::string order_by :
         {"c.created_at DESC, c.id DESC", "c.up_votes - c.down_votes DESC, c.id DESC"}) {
        auto plan = db.query(
            "EXPLAIN QUERY PLAN SELECT c.id FROM comments c WHERE c.article_id = $1 AND "
            "c.parent_id IS NULL AND c.status = 'visible' ORDER BY " +
                order_by + " LIMIT 20 OFFSET 9000",
            {ids_[0]});
        ASSERT_TRUE(plan);
        std::string text;
        for (const db::Row& row : *plan) {
            text += row.text(3) + "\n";
        }
        EXPECT_NE(text.find("USING INDEX comments_"), std::string::npos) << text;
        EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << text;
    }
}

TEST_P(CommentServiceTest, TwentyADayAtMost) {
    CommentRules rules;
    rules.per_article = 100;
    CommentService service(*shared_, catalog(), clock_, rules);
    ASSERT_TRUE(service.load());
    for (int i = 0; i < 20; ++i) {
        auto posted = service.post(alice_, {ids_[0], 0, "note " + std::to_string(i), true, ""});
        ASSERT_TRUE(posted) << posted.error().message;
        clock_.advance(61min);
    }
    auto over = service.post(alice_, {ids_[0], 0, "note 20", true, ""});
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::kRateLimited);
    EXPECT_GT(over.error().retry_after, 0);
}

TEST_P(CommentServiceTest, OnlyTheAuthorDeletesAndBannedReadersCannotPost) {
    auto mine = post(alice_, "mine");
    ASSERT_TRUE(mine);
    EXPECT_EQ(service_->remove(bob_, mine->id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_->count(ids_[0]), 1u);
    ASSERT_TRUE(identity::ReaderStore(*db_).setBan(
        bob_.id, clock_.nowSeconds().time_since_epoch().count() + 3600, "spam"));
    auto banned = *identity::ReaderStore(*db_).byId(bob_.id);
    auto refused = service_->post(banned, {ids_[0], 0, "let me in", true, ""});
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(refused.error().message,
              "You may not comment until your ban ends (60 minutes from now).");
}

TEST_P(CommentServiceTest, VotesOncePerReaderChangeableWithinTheLimits) {
    auto c = post(alice_, "Vote on me");
    ASSERT_TRUE(c);
    EXPECT_EQ(service_->vote(alice_, c->id, 1).error().code, ErrorCode::kForbidden);  // own
    auto up = service_->vote(bob_, c->id, 1);
    ASSERT_TRUE(up) << up.error().message;
    EXPECT_EQ(up->up_votes, 1);
    EXPECT_EQ(service_->vote(bob_, c->id, 1)->up_votes, 1);  // the same vote again: no change
    auto soon = service_->vote(bob_, c->id, -1);
    ASSERT_FALSE(soon);
    EXPECT_EQ(soon.error().code, ErrorCode::kRateLimited);  // 10 s between votes
    EXPECT_EQ(soon.error().retry_after, 10);
    clock_.advance(10s);
    auto down = service_->vote(bob_, c->id, -1);
    ASSERT_TRUE(down);
    EXPECT_EQ(down->up_votes, 0);
    EXPECT_EQ(down->down_votes, 1);
    clock_.advance(10s);
    auto back = service_->vote(bob_, c->id, 0);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->down_votes, 0);
    EXPECT_EQ(service_->vote(bob_, c->id, 2).error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(service_->vote(bob_, 9999, 1).error().code, ErrorCode::kNotFound);
}

TEST_P(CommentServiceTest, FiftyVotesADay) {
    CommentRules rules;
    rules.per_article = 1000;
    rules.per_day = 1000;
    rules.between_comments = 0s;
    CommentService service(*shared_, catalog(), clock_, rules);
    ASSERT_TRUE(service.load());
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 51; ++i) {
        auto c = service.post(alice_, {ids_[0], 0, "comment " + std::to_string(i), true, ""});
        ASSERT_TRUE(c) << c.error().message;
        ids.push_back(c->id);
    }
    for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(service.vote(bob_, ids[i], 1)) << i;
        clock_.advance(10s);
    }
    auto over = service.vote(bob_, ids[50], 1);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::kRateLimited);
    // The oldest vote leaves the 24-hour window 500 s of votes ago: wait for it.
    EXPECT_EQ(over.error().retry_after, 24 * 3600 - 500);
    clock_.advance(std::chrono::seconds(24 * 3600 - 500));
    EXPECT_TRUE(service.vote(bob_, ids[50], 1));
}

TEST_P(CommentServiceTest, ReportsFromThreeReadersHideAComment) {
    auto c = post(alice_, "Reported");
    ASSERT_TRUE(c);
    identity::Reader carol = reader("carol");
    identity::Reader dave = reader("dave");
    EXPECT_EQ(service_->report(alice_, c->id, ReportReason::kSpam).error().code,
              ErrorCode::kForbidden);
    EXPECT_FALSE(*service_->report(bob_, c->id, ReportReason::kAbuse));
    EXPECT_EQ(service_->report(bob_, c->id, ReportReason::kAbuse).error().code,
              ErrorCode::kConflict);
    EXPECT_FALSE(*service_->report(carol, c->id, ReportReason::kSpam));
    EXPECT_EQ(service_->count(ids_[0]), 1u);
    EXPECT_TRUE(*service_->report(dave, c->id, ReportReason::kAbuse));
    EXPECT_EQ(service_->count(ids_[0]), 0u);
    auto held = service_->byId(c->id);
    EXPECT_EQ(held->status, Status::kHeld);
    EXPECT_EQ(held->hold_reason, "reported by 3 readers");
}

/// Moderation with staff members of each role, on the same database and clock.
class ModerationTest : public CommentServiceTest {
  protected:
    void SetUp() override {
        CommentServiceTest::SetUp();
        moderation_ = std::make_unique<Moderation>(*shared_, *service_);
        ASSERT_TRUE(moderation_->loadPolicy());
    }
    identity::StaffMember staff(identity::Role role) {
        return identity::StaffMember{static_cast<std::int64_t>(role) + 1,
                                     std::string(identity::toString(role)), role};
    }
    std::unique_ptr<Moderation> moderation_;
};

TEST_P(ModerationTest, DecisionsMoveCommentsAndAreLogged) {
    // Staff rows exist so the log can name them.
    for (auto role :
         {identity::Role::kModerator, identity::Role::kEditor, identity::Role::kAdmin}) {
        ASSERT_TRUE(identity::StaffStore(*db_).add(std::string(identity::toString(role)), role,
                                                   "correct horse battery", 1));
    }
    auto held = post(alice_, "see http://a.example and http://b.example");
    ASSERT_TRUE(held);
    auto queue = moderation_->queue(QueueFilter::kWaiting);
    ASSERT_TRUE(queue);
    ASSERT_EQ(queue->size(), 1u);
    EXPECT_EQ(queue->front().comment.hold_reason, "more than 1 link");
    const auto mod = staff(identity::Role::kModerator);
    auto approved = moderation_->decide(mod, held->id, Decision::kApprove, "");
    ASSERT_TRUE(approved) << approved.error().message;
    EXPECT_EQ(approved->status, Status::kVisible);
    EXPECT_EQ(service_->count(ids_[0]), 1u);
    EXPECT_EQ(moderation_->decide(mod, held->id, Decision::kApprove, "").error().code,
              ErrorCode::kConflict);
    ASSERT_TRUE(moderation_->decide(mod, held->id, Decision::kHide, "insult"));
    EXPECT_EQ(service_->count(ids_[0]), 0u);
    ASSERT_TRUE(moderation_->decide(mod, held->id, Decision::kRestore, ""));
    EXPECT_EQ(service_->count(ids_[0]), 1u);
    ASSERT_TRUE(moderation_->ban(mod, bob_.id, std::chrono::hours(24 * 7), "spam"));
    auto log = moderation_->log();
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 4u);
    EXPECT_EQ(log->front().action, "ban");
    EXPECT_EQ(log->front().detail, "for 7 days: spam");
    EXPECT_EQ(log->back().action, "approve");
    EXPECT_EQ(log->back().staff_name, "moderator");
    auto banned = identity::ReaderStore(*db_).byId(bob_.id);
    EXPECT_TRUE(banned->bannedAt(clock_.nowSeconds().time_since_epoch().count()));
}

TEST_P(ModerationTest, RolesLimitWhatStaffMayChange) {
    EXPECT_EQ(moderation_->addWord(staff(identity::Role::kEditor), "idiot", WordList::kBanned)
                  .error()
                  .code,
              ErrorCode::kForbidden);
    EXPECT_EQ(moderation_->setMode(staff(identity::Role::kModerator), ModeSetting{}).error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(rows(), 0);
}

TEST_P(ModerationTest, ModesCloseAndPremoderate) {
    ASSERT_TRUE(identity::StaffStore(*db_).add("editor", identity::Role::kEditor,
                                               "correct horse battery", 1));
    const auto editor = staff(identity::Role::kModerator);
    const identity::StaffMember ed{1, "editor", identity::Role::kEditor};
    (void)editor;
    ModeSetting closed;
    closed.scope = Scope::kArticle;
    closed.scope_id = ids_[0];
    closed.mode = Mode::kClosed;
    ASSERT_TRUE(moderation_->setMode(ed, closed));
    auto refused = post(alice_, "Closed?");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(refused.error().message, "Comments on this article are closed.");
    // The site pre-moderated: comments wait; the other article follows the site.
    ModeSetting site;
    site.mode = Mode::kPremoderated;
    ASSERT_TRUE(moderation_->setMode(ed, site));
    auto waiting = post(alice_, "Waiting", ids_[1]);
    ASSERT_TRUE(waiting);
    EXPECT_EQ(waiting->status, Status::kPending);
    EXPECT_EQ(service_->count(ids_[1]), 0u);
    // Closed 24 hours after publication (the articles were published on 20 November).
    ModeSetting after;
    after.close_after_hours = 24;
    ASSERT_TRUE(moderation_->setMode(ed, after));
    clock_.advance(61s);
    EXPECT_EQ(post(alice_, "Late", ids_[1]).error().message,
              "Comments on this article closed 24 hours after it was published.");
    ASSERT_TRUE(moderation_->clearMode(ed, Scope::kArticle, ids_[0]));
    EXPECT_EQ(moderation_->log()->size(), 4u);
}

TEST_P(ModerationTest, WordListsRejectOrHold) {
    ASSERT_TRUE(identity::StaffStore(*db_).add("admin", identity::Role::kAdmin,
                                               "correct horse battery", 1));
    const identity::StaffMember admin{1, "admin", identity::Role::kAdmin};
    ASSERT_TRUE(moderation_->addWord(admin, "시발", WordList::kBanned));
    ASSERT_TRUE(moderation_->addWord(admin, "idiot", WordList::kSuspect));
    EXPECT_EQ(moderation_->addWord(admin, "idiot", WordList::kBanned).error().code,
              ErrorCode::kConflict);
    auto rejected = post(alice_, "정말 ㅅ.ㅂ 이네");
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().code, ErrorCode::kRejected);
    EXPECT_EQ(rows(), 0);
    auto held = post(alice_, "What an I.D.I.O.T.");
    ASSERT_TRUE(held) << held.error().message;
    EXPECT_EQ(held->status, Status::kHeld);
    EXPECT_NE(held->hold_reason.find("suspect word \"idiot\""), std::string::npos)
        << held->hold_reason;
}

TEST_P(CommentServiceTest, ReadersSeeTheirOwnVotes) {
    auto c = post(alice_, "Vote on me");
    ASSERT_TRUE(c);
    ASSERT_TRUE(service_->vote(bob_, c->id, -1));
    const std::vector<std::int64_t> ids{c->id, 999};
    auto bobs = service_->votesOf(bob_.id, ids);
    ASSERT_TRUE(bobs);
    EXPECT_EQ(*bobs, (std::vector<std::pair<std::int64_t, int>>{{c->id, -1}}));
    EXPECT_TRUE(service_->votesOf(alice_.id, ids)->empty());
    clock_.advance(11s);
    ASSERT_TRUE(service_->vote(bob_, c->id, 0));  // taken back
    EXPECT_TRUE(service_->votesOf(bob_.id, ids)->empty());
}

TEST_P(CommentServiceTest, RemovedCommentsAreErasedAfterTheAppealPeriod) {
    auto kept = post(alice_, "kept");
    clock_.advance(61s);
    auto deleted = post(alice_, "deleted");
    ASSERT_TRUE(kept && deleted);
    ASSERT_TRUE(service_->remove(alice_, deleted->id));
    clock_.advance(std::chrono::days(89));
    EXPECT_EQ(*service_->purgeRemoved(std::chrono::days(90)), 0);
    clock_.advance(std::chrono::days(2));
    EXPECT_EQ(*service_->purgeRemoved(std::chrono::days(90)), 1);
    EXPECT_EQ(service_->byId(deleted->id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(service_->byId(kept->id));
}

TEST_P(CommentServiceTest, ErasingRemovedCommentsKeepsOtherReadersReplies) {
    auto parent = post(alice_, "A parent");
    ASSERT_TRUE(parent);
    auto reply = post(bob_, "Bob's reply", 0, parent->id);
    ASSERT_TRUE(reply);
    clock_.advance(61s);
    auto own_reply = post(alice_, "Alice answers", 0, parent->id);
    ASSERT_TRUE(own_reply);
    ASSERT_TRUE(service_->remove(alice_, parent->id));
    ASSERT_TRUE(service_->remove(alice_, own_reply->id));
    clock_.advance(std::chrono::days(91));
    EXPECT_EQ(*service_->purgeRemoved(std::chrono::days(90)), 2);  // one erased, one emptied
    EXPECT_EQ(service_->byId(own_reply->id).error().code, ErrorCode::kNotFound);
    auto emptied = CommentStore(*db_).byId(parent->id);
    ASSERT_TRUE(emptied);
    EXPECT_EQ(emptied->body, "");
    EXPECT_EQ(emptied->status, Status::kDeleted);
    auto kept = CommentStore(*db_).byId(reply->id);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->body, "Bob's reply");
    EXPECT_EQ(*service_->purgeRemoved(std::chrono::days(90)), 0);  // nothing left to do
}

TEST_P(ModerationTest, ErasingAReaderTakesTheirCommentsAndVotesButKeepsABanForGood) {
    ASSERT_TRUE(identity::StaffStore(*db_).add("admin", identity::Role::kAdmin,
                                               "correct horse battery", 1));
    const identity::StaffMember admin{1, "admin", identity::Role::kAdmin};
    auto alices = post(alice_, "Alice's");
    auto bobs = post(bob_, "Bob's");
    ASSERT_TRUE(alices && bobs);
    ASSERT_TRUE(service_->vote(bob_, alices->id, 1));
    ASSERT_TRUE(service_->vote(alice_, bobs->id, -1));
    EXPECT_EQ(moderation_->eraseReader(staff(identity::Role::kModerator), alice_.id).error().code,
              ErrorCode::kForbidden);
    ASSERT_TRUE(moderation_->eraseReader(admin, alice_.id));
    EXPECT_EQ(identity::ReaderStore(*db_).byId(alice_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->byId(alices->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->byId(bobs->id)->down_votes, 0);  // her vote went with her
    EXPECT_EQ(service_->count(ids_[0]), 1u);
    // Banned for good: the account stays, nameless, so the ban holds at the next login.
    ASSERT_TRUE(moderation_->ban(admin, bob_.id, std::nullopt, "spam"));
    ASSERT_TRUE(moderation_->eraseReader(admin, bob_.id));
    auto kept = identity::ReaderStore(*db_).byId(bob_.id);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->display_name, "");
    EXPECT_TRUE(kept->bannedAt(clock_.nowSeconds().time_since_epoch().count()));
    EXPECT_EQ(service_->count(ids_[0]), 0u);
    auto found = moderation_->readers("");
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->front().id, bob_.id);
}

TEST_P(ModerationTest, FindsReadersByAnyPartOfTheirNameLiterally) {
    reader("Kim_Min-ji");
    reader("100% Lee");
    reader("Kimchi lover");
    ASSERT_TRUE(post(alice_, "A comment"));
    const auto names = [&](const std::string& query) {
        std::vector<std::string> out;
        const auto found = moderation_->readers(query);
        EXPECT_TRUE(found);
        for (const ReaderSummary& r : *found) {
            out.push_back(r.name + ":" + std::to_string(r.comments));
        }
        return out;
    };
    EXPECT_EQ(names("kim"), (std::vector<std::string>{"Kimchi lover:0", "Kim_Min-ji:0"}));
    // LIKE's wildcards are letters here: "_" and "%" match only themselves.
    EXPECT_EQ(names("m_m"), (std::vector<std::string>{"Kim_Min-ji:0"}));
    EXPECT_EQ(names("0%"), (std::vector<std::string>{"100% Lee:0"}));
    EXPECT_TRUE(names("%%").empty());
    EXPECT_EQ(names("ALICE"), (std::vector<std::string>{"alice:1"}));
}

TEST_P(ModerationTest, ErasingAReaderKeepsOtherReadersRepliesUnderAnEmptyComment) {
    ASSERT_TRUE(identity::StaffStore(*db_).add("admin", identity::Role::kAdmin,
                                               "correct horse battery", 1));
    const identity::StaffMember admin{1, "admin", identity::Role::kAdmin};
    auto asked = post(alice_, "Alice asks");
    ASSERT_TRUE(asked);
    auto answer = post(bob_, "Bob answers", 0, asked->id);
    ASSERT_TRUE(answer);
    clock_.advance(61s);
    auto alone = post(alice_, "Nobody replied", ids_[1]);
    clock_.advance(61s);
    auto her_reply = post(alice_, "Alice thanks Bob", 0, asked->id);
    ASSERT_TRUE(alone);
    ASSERT_TRUE(her_reply) << her_reply.error().message;
    ASSERT_TRUE(moderation_->eraseReader(admin, alice_.id));

    CommentStore store(*db_);
    auto emptied = store.byId(asked->id);
    ASSERT_TRUE(emptied);
    EXPECT_EQ(emptied->body, "");
    EXPECT_EQ(emptied->status, Status::kDeleted);
    EXPECT_EQ(emptied->author_name, "");
    EXPECT_EQ(store.byId(answer->id)->body, "Bob answers");
    EXPECT_EQ(store.byId(alone->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store.byId(her_reply->id).error().code, ErrorCode::kNotFound);
    // The row left for the empty comment names nobody and is no longer her account: signing
    // in again with the same account makes a new reader.
    auto row = identity::ReaderStore(*db_).byId(alice_.id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->provider, "erased");
    EXPECT_NE(row->subject, "alice");
    EXPECT_EQ(row->display_name, "");
    EXPECT_NE(reader("alice").id, alice_.id);
    auto found = moderation_->readers("");
    ASSERT_TRUE(found);
    for (const auto& r : *found) {
        EXPECT_NE(r.id, alice_.id);
    }
}

MASTHEAD_STORE_TEST_SUITE(CommentServiceTest);
MASTHEAD_STORE_TEST_SUITE(ModerationTest);

}  // namespace
}  // namespace masthead::comments
