#include "identity/jwt.h"

#include <gtest/gtest.h>

#include "identity/oauth_test_support.h"

namespace masthead::identity {
namespace {

using testing::keySet;
using testing::TestKey;

constexpr std::int64_t kNow = 1'700'000'000;

TEST(Base64Url, RoundTripsEveryLength) {
    std::string bytes;
    for (int i = 0; i < 70; ++i) {
        const std::string encoded = base64UrlEncode(bytes);
        EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos) << encoded;
        EXPECT_EQ(base64UrlDecode(encoded), bytes);
        bytes += static_cast<char>(i * 37 + 251);
    }
}

TEST(Base64Url, MatchesRfc4648Vectors) {
    EXPECT_EQ(base64UrlEncode("f"), "Zg");
    EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(base64UrlEncode("foob"), "Zm9vYg");
    EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64UrlDecode("-_8"), "\xfb\xff");
    EXPECT_EQ(base64UrlDecode("Zm9vYg=="), "foob");  // padding tolerated
}

TEST(Base64Url, RejectsOtherAlphabetsAndBadLengths) {
    EXPECT_FALSE(base64UrlDecode("+/8"));
    EXPECT_FALSE(base64UrlDecode("Zm9v Yg"));
    EXPECT_FALSE(base64UrlDecode("Z"));
    EXPECT_FALSE(base64UrlDecode("Zh"));  // non-zero padding bits
}

TEST(Jws, ParsesThreePartsAndRejectsOthers) {
    const std::string token = base64UrlEncode(R"({"alg":"RS256"})") + "." +
                              base64UrlEncode(R"({"sub":"a"})") + "." + base64UrlEncode("sig");
    auto jws = parseJws(token);
    ASSERT_TRUE(jws) << jws.error().detail;
    EXPECT_EQ(jws->header["alg"], "RS256");
    EXPECT_EQ(jws->payload["sub"], "a");
    EXPECT_EQ(jws->signature, "sig");
    EXPECT_EQ(jws->signing_input, token.substr(0, token.rfind('.')));
    EXPECT_FALSE(parseJws("a.b"));
    EXPECT_FALSE(parseJws(token + ".x"));
    EXPECT_FALSE(parseJws(base64UrlEncode("[1]") + "." + base64UrlEncode("{}") + ".c2ln"));
}

class IdTokenTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        rsa_ = new TestKey("RS256", "rsa-1");
        ec_ = new TestKey("ES256", "ec-1");
        pss_ = new TestKey("PS256", "pss-1");
        other_ = new TestKey("RS256", "rsa-1");  // same kid, different key
    }
    static void TearDownTestSuite() {
        delete rsa_;
        delete ec_;
        delete pss_;
        delete other_;
    }

    static nlohmann::json claims() {
        return {{"iss", "https://issuer.test"},
                {"aud", "client-1"},
                {"sub", "user-42"},
                {"nonce", "n-1"},
                {"iat", kNow - 10},
                {"exp", kNow + 600},
                {"name", "Kim Ji-won"}};
    }
    static IdTokenExpectations expect() {
        return {"https://issuer.test", "", "client-1", "n-1", kNow, 60};
    }
    static nlohmann::json jwks() { return keySet({rsa_, ec_, pss_}); }

    /// The message of the failure of `token`, or "" when it verifies.
    static std::string failure(const std::string& token, const IdTokenExpectations& e = expect()) {
        auto r = verifyIdToken(token, jwks(), e);
        return r ? "" : r.error().message;
    }

    static inline TestKey* rsa_ = nullptr;
    static inline TestKey* ec_ = nullptr;
    static inline TestKey* pss_ = nullptr;
    static inline TestKey* other_ = nullptr;
};

TEST_F(IdTokenTest, GoodTokensOfEachAlgorithmVerify) {
    for (const TestKey* key : {rsa_, ec_, pss_}) {
        auto r = verifyIdToken(key->sign(claims()), jwks(), expect());
        ASSERT_TRUE(r) << key->kid() << ": " << r.error().message << " / " << r.error().detail;
        EXPECT_EQ((*r)["sub"], "user-42");
        EXPECT_EQ((*r)["name"], "Kim Ji-won");
    }
}

TEST_F(IdTokenTest, AudienceMayBeAListWhenAzpIsUs) {
    auto c = claims();
    c["aud"] = {"other-app", "client-1"};
    EXPECT_EQ(failure(rsa_->sign(c)), "the answer was meant for another site");
    c["azp"] = "client-1";
    EXPECT_EQ(failure(rsa_->sign(c)), "");
    c["aud"] = {"client-1"};
    c["azp"] = "other-app";
    EXPECT_EQ(failure(rsa_->sign(c)), "the answer was meant for another site");
}

TEST_F(IdTokenTest, LeewayAppliesToExpiryAndIssueTime) {
    auto c = claims();
    c["exp"] = kNow - 59;
    c["iat"] = kNow + 59;
    EXPECT_EQ(failure(rsa_->sign(c)), "");
}

TEST_F(IdTokenTest, EachFailureHasItsOwnMessage) {
    auto with = [](const char* key, nlohmann::json value) {
        auto c = claims();
        c[key] = std::move(value);
        return c;
    };
    auto without = [](const char* key) {
        auto c = claims();
        c.erase(key);
        return c;
    };
    EXPECT_EQ(failure(rsa_->sign(claims(), {{"alg", "none"}})), "the answer was not signed");
    EXPECT_EQ(failure(rsa_->sign(claims(), {{"alg", "HS256"}})),
              "the answer was signed with a shared secret, which is not accepted");
    EXPECT_EQ(failure(rsa_->sign(claims(), {{"alg", "RS512"}})),
              "the answer was signed in a way that is not supported");
    EXPECT_EQ(failure(other_->sign(claims())), "the answer's signature does not match");
    EXPECT_EQ(failure(rsa_->sign(with("iss", "https://evil.test"))),
              "the answer came from another issuer");
    EXPECT_EQ(failure(rsa_->sign(with("aud", "other-app"))),
              "the answer was meant for another site");
    EXPECT_EQ(failure(rsa_->sign(with("exp", kNow - 61))), "the answer has expired");
    EXPECT_EQ(failure(rsa_->sign(with("iat", kNow + 61))), "the answer is dated in the future");
    EXPECT_EQ(failure(rsa_->sign(with("nbf", kNow + 3600))), "the answer is dated in the future");
    EXPECT_EQ(failure(rsa_->sign(with("nonce", "n-2"))),
              "the answer does not belong to this login attempt");
    EXPECT_EQ(failure(rsa_->sign(without("nonce"))),
              "the answer does not belong to this login attempt");
    EXPECT_EQ(failure(rsa_->sign(without("sub"))), "the answer does not name an account");
    EXPECT_EQ(failure(rsa_->sign(without("exp"))), "the answer could not be read");
    EXPECT_EQ(failure("not-a-token"), "the answer could not be read");
}

TEST_F(IdTokenTest, ATamperedPayloadFailsTheSignature) {
    const std::string token = ec_->sign(claims());
    auto c = claims();
    c["sub"] = "someone-else";
    const auto first = token.find('.');
    const auto second = token.rfind('.');
    const std::string forged =
        token.substr(0, first + 1) + base64UrlEncode(c.dump()) + token.substr(second);
    EXPECT_EQ(failure(forged), "the answer's signature does not match");
}

TEST_F(IdTokenTest, AnUnknownKeyIsNotFoundSoTheCallerCanRefetch) {
    TestKey stranger("RS256", "rsa-2");
    auto r = verifyIdToken(stranger.sign(claims()), jwks(), expect());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(r.error().message, "the answer was signed with an unknown key");
    EXPECT_NE(r.error().detail.find("rsa-2"), std::string::npos);
    // Every other failure is kInvalidInput.
    auto bad = verifyIdToken(other_->sign(claims()), jwks(), expect());
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_F(IdTokenTest, AKeyOfTheWrongTypeForTheAlgorithmIsNotUsed) {
    // An EC token whose kid names the RSA key must not be checked with it.
    const std::string token = ec_->sign(claims(), {{"kid", "rsa-1"}});
    auto r = verifyIdToken(token, jwks(), expect());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_F(IdTokenTest, ATokenWithoutKidUsesTheKeysOfItsType) {
    const std::string token = ec_->sign(claims(), {{"kid", nullptr}});
    EXPECT_EQ(failure(token), "");
}

TEST_F(IdTokenTest, TheOtherIssuerIsAcceptedWhenGiven) {
    auto c = claims();
    c["iss"] = "accounts.google.com";
    auto e = expect();
    EXPECT_EQ(failure(rsa_->sign(c), e), "the answer came from another issuer");
    e.other_issuer = "accounts.google.com";
    EXPECT_EQ(failure(rsa_->sign(c), e), "");
}

}  // namespace
}  // namespace masthead::identity
