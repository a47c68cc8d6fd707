# Identity (issue 3): readers signed in through social login, staff with passwords and roles,
# and the sessions of both.
include(identity/oauth.cmake)
masthead_module(identity
  SOURCES identity/secrets.cpp identity/reader_store.cpp identity/session_store.cpp
          identity/sessions.cpp identity/staff_store.cpp
          identity/login_state_store.cpp ${MASTHEAD_OAUTH_SOURCES}
  DEPS masthead::db masthead::util PkgConfig::SODIUM CURL::libcurl OpenSSL::Crypto
       nlohmann_json::nlohmann_json Threads::Threads)
