# Unit tests live beside the code they test (STYLE.md).
masthead_unit_test(util_test SOURCES util/text_test.cpp util/time_format_test.cpp util/lru_cache_test.cpp
                   util/yaml_test.cpp
                   DEPS masthead::util)
masthead_unit_test(db_test SOURCES db/sqlite_database_test.cpp db/change_log_test.cpp DEPS masthead::db)
masthead_unit_test(content_test
  SOURCES content/article_file_test.cpp content/markdown_test.cpp content/article_store_test.cpp
  DEPS masthead::content)
masthead_unit_test(http_test SOURCES http/router_test.cpp http/message_test.cpp
                   http/client_address_test.cpp http/response_plan_test.cpp DEPS masthead::http)
masthead_unit_test(app_test
  SOURCES app/config_reader_test.cpp app/dictionary_source_config_test.cpp
          app/login_provider_config_test.cpp app/config_test.cpp app/change_follower_test.cpp
          app/site_test.cpp
  DEPS masthead::app)
masthead_unit_test(web_test
  SOURCES web/page_renderer_test.cpp web/dictionary_handlers_test.cpp web/login_throttle_test.cpp
          web/cache_metrics_test.cpp web/errors_test.cpp web/page_cache_test.cpp
  DEPS masthead::web)
masthead_unit_test(popularity_test SOURCES popularity/popularity_test.cpp DEPS masthead::popularity)
