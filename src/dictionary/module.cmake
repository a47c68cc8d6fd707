# Dictionary (issue 4): dictd indexes, dictzip data, WordNet's morphy, entry parsers, and the
# newsroom's glossary (SQL store, JSON import, in-memory snapshot).
masthead_module(dictionary
  SOURCES dictionary/query.cpp dictionary/dictd_index.cpp
          dictionary/dictzip_reader.cpp dictionary/lemmatizer.cpp dictionary/entry.cpp
          dictionary/wordnet_entry.cpp dictionary/gcide_entry.cpp
          dictionary/dictionary.cpp dictionary/glossary.cpp dictionary/glossary_store.cpp
          dictionary/glossary_import.cpp dictionary/word_lookup.cpp
  DEPS masthead::db masthead::util ZLIB::ZLIB Threads::Threads nlohmann_json::nlohmann_json)

masthead_unit_test(dictionary_test
  SOURCES dictionary/query_test.cpp dictionary/dictd_index_test.cpp
          dictionary/dictzip_reader_test.cpp dictionary/lemmatizer_test.cpp
          dictionary/wordnet_entry_test.cpp dictionary/gcide_entry_test.cpp
          dictionary/dictionary_test.cpp
  DEPS masthead::dictionary)

# The glossary on a real SQLite file with the real migrations (articles made by the content
# module), and lookups that combine it with the real dictionaries.
masthead_unit_test(glossary_test
  SOURCES dictionary/glossary_store_test.cpp dictionary/glossary_import_test.cpp
          dictionary/word_lookup_test.cpp
  DEPS masthead::dictionary masthead::content)
