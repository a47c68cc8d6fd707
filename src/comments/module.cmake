# Comments (issue 3): the text rules (NFC, grapheme limit, links), the store, and the service
# that posts under the site's rules and pages threads; moderation builds on it.
masthead_module(comments
  SOURCES comments/comment_text.cpp comments/comment_store.cpp comments/comment_service.cpp
          comments/comment_policy.cpp comments/moderation.cpp comments/moderation_store.cpp
          comments/hangul_jamo.cpp comments/letter_fold.cpp comments/letter_stream.cpp
          comments/word_index.cpp comments/word_filter.cpp
  DEPS masthead::identity masthead::content masthead::db masthead::util ICU::uc ICU::i18n)

masthead_unit_test(comments_test SOURCES comments/comments_test.cpp DEPS masthead::comments)
masthead_unit_test(word_filter_test
  SOURCES comments/hangul_jamo_test.cpp comments/letter_fold_test.cpp
          comments/letter_stream_test.cpp comments/word_filter_test.cpp
  DEPS masthead::comments)
