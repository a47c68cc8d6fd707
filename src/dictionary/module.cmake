# Dictionary data layer (issue 4): dictd indexes, dictzip data, WordNet's morphy, entry parsers.
masthead_module(dictionary
  SOURCES dictionary/query.cpp dictionary/file_bytes.cpp dictionary/dictd_index.cpp
          dictionary/dictzip_reader.cpp dictionary/lemmatizer.cpp dictionary/entry.cpp
          dictionary/article_cache.cpp dictionary/wordnet_entry.cpp dictionary/gcide_entry.cpp
          dictionary/dictionary.cpp
  DEPS masthead::util ZLIB::ZLIB Threads::Threads)

masthead_unit_test(dictionary_test
  SOURCES dictionary/query_test.cpp dictionary/dictd_index_test.cpp
          dictionary/dictzip_reader_test.cpp dictionary/lemmatizer_test.cpp
          dictionary/wordnet_entry_test.cpp dictionary/gcide_entry_test.cpp
          dictionary/dictionary_test.cpp
  DEPS masthead::dictionary)
