package io.github.fashionae.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  private final ProxySettings.Proxy http = new ProxySettings.Proxy("http", "proxy", 3128, null, null,
      "localhost|*.internal.example");
  private final ProxySettings.Proxy https = new ProxySettings.Proxy("https", "secure-proxy", 3129, null, null, null);

  @Test
  void choosesTheProxyDeclaredForTheScheme() {
    ProxySettings settings = new ProxySettings(List.of(http, https));

    assertThat(settings.forUrl("http", "example.org")).contains(http);
    assertThat(settings.forUrl("https", "example.org")).contains(https);
  }

  @Test
  void fallsBackToTheHttpProxyForHttps() {
    assertThat(new ProxySettings(List.of(http)).forUrl("https", "example.org")).contains(http);
  }

  @Test
  void bypassesNonProxyHostsWithWildcards() {
    ProxySettings settings = new ProxySettings(List.of(http));

    assertThat(settings.forUrl("http", "localhost")).isEmpty();
    assertThat(settings.forUrl("http", "data.internal.example")).isEmpty();
    assertThat(settings.forUrl("http", "DATA.Internal.Example")).isEmpty();
    assertThat(settings.forUrl("http", "internal.example.org")).contains(http);
  }

  @Test
  void noProxyWhenNoneIsDeclared() {
    assertThat(ProxySettings.NONE.forUrl("https", "example.org")).isEmpty();
  }
}
