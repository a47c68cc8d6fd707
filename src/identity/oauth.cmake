# Reader login through OAuth 2.0 / OpenID Connect providers (issue 3): provider presets, the
# authorization-code flow with PKCE, id_token checks against the provider's JWKS, profile calls.
set(MASTHEAD_OAUTH_SOURCES
  identity/providers.cpp identity/http_client.cpp identity/jwt.cpp identity/oauth_client.cpp)
masthead_unit_test(oauth_test
  SOURCES identity/jwt_test.cpp identity/http_client_test.cpp identity/oauth_client_test.cpp
  DEPS masthead::identity)
