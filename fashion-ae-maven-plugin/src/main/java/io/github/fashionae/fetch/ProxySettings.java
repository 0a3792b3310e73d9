package io.github.fashionae.fetch;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The active proxies of Maven's settings.xml, in a form the downloader can use without Maven.
 *
 * @param proxies the active proxies, in settings order
 */
public record ProxySettings(List<Proxy> proxies) {

  public static final ProxySettings NONE = new ProxySettings(List.of());

  public ProxySettings {
    proxies = List.copyOf(proxies);
  }

  /**
   * One proxy, as settings.xml declares it.
   *
   * @param protocol the protocol of the URLs it serves ("http" or "https")
   * @param host proxy host
   * @param port proxy port
   * @param username user name for proxy authentication, or null
   * @param password password for proxy authentication, or null
   * @param nonProxyHosts hosts reached directly: '|'-separated, '*' as wildcard, or null
   */
  public record Proxy(String protocol, String host, int port, String username, String password,
                      String nonProxyHosts) {

    public Proxy {
      Objects.requireNonNull(host, "host");
      protocol = protocol == null || protocol.isBlank() ? "http" : protocol.toLowerCase(Locale.ROOT);
    }

    /** True when {@code host} matches one of the non-proxy host patterns. */
    public boolean bypasses(String host) {
      if (nonProxyHosts == null || nonProxyHosts.isBlank() || host == null) {
        return false;
      }
      for (String pattern : nonProxyHosts.split("[|,]")) {
        String glob = pattern.trim();
        if (!glob.isEmpty() && host.toLowerCase(Locale.ROOT).matches(globToRegex(glob.toLowerCase(Locale.ROOT)))) {
          return true;
        }
      }
      return false;
    }

    private static String globToRegex(String glob) {
      StringBuilder regex = new StringBuilder();
      for (String part : glob.split("\\*", -1)) {
        if (regex.length() > 0) {
          regex.append(".*");
        }
        regex.append(Pattern.quote(part));
      }
      return regex.toString();
    }
  }

  /**
   * The proxy for a URL of {@code scheme} on {@code host}: one declared for that protocol, else (as Maven
   * does for HTTPS repositories behind a plain HTTP proxy) one declared for "http"; empty when the host
   * bypasses it or none is declared.
   */
  public Optional<Proxy> forUrl(String scheme, String host) {
    String wanted = scheme.toLowerCase(Locale.ROOT);
    Optional<Proxy> match = proxies.stream().filter(p -> p.protocol().equals(wanted)).findFirst();
    if (match.isEmpty()) {
      match = proxies.stream().filter(p -> p.protocol().equals("http")).findFirst();
    }
    return match.filter(p -> !p.bypasses(host));
  }
}
