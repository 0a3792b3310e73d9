package io.github.fashionae.remote;

import io.github.fashionae.fetch.ProxySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a build uses a remote cache, as its parameters and settings.xml say.
 *
 * @param url the base URL; entries lie under {@code <url>/v1/stages/<fingerprint>/}
 * @param push true when the build uploads what it stores
 * @param required true when a training step the remote misses fails the build instead of training
 * @param headers sent with every request: the server's credentials as Basic authorization, and its configured
 *     HTTP headers (a token, say)
 * @param proxies settings.xml's active proxies
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for a response, and for more data while a body streams
 * @param deadline the longest one request may take in all, redirects and a PUT's second try included
 * @param maxFileBytes the most bytes an entry's file may have (its {@code SHA256SUMS} has a smaller bound of its own)
 * @param health what this build has learnt of the remote so far, shared by its goals
 * @param trust the keys whose signed entries the build takes; {@link EntrySignatures.Trust#NONE}: any consistent entry
 * @param signer the key this build signs its pushes with, if any
 * @param audit which remote hits the build does again to compare bytes
 */
public record RemoteCacheConfig(URI url, boolean push, boolean required, Map<String, String> headers,
                                ProxySettings proxies, Duration connectTimeout, Duration readTimeout, Duration deadline,
                                long maxFileBytes, Health health, EntrySignatures.Trust trust,
                                Optional<EntrySignatures.Signer> signer, RemoteAudit audit) {

  /** A remote cache without signatures or audits. */
  public RemoteCacheConfig(URI url, boolean push, boolean required, Map<String, String> headers, ProxySettings proxies,
                           Duration connectTimeout, Duration readTimeout, Duration deadline, long maxFileBytes,
                           Health health) {
    this(url, push, required, headers, proxies, connectTimeout, readTimeout, deadline, maxFileBytes, health,
        EntrySignatures.Trust.NONE, Optional.empty(), RemoteAudit.NONE);
  }

  public RemoteCacheConfig {
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(new TreeMap<>(headers));
    Objects.requireNonNull(proxies, "proxies");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero() || maxFileBytes < 1) {
      throw new IllegalArgumentException("the deadline " + deadline + " and maxFileBytes " + maxFileBytes
          + " must be positive");
    }
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(audit, "audit");
  }

  /** This configuration with {@code trust}, {@code signer} and {@code audit}. */
  public RemoteCacheConfig with(EntrySignatures.Trust trust, Optional<EntrySignatures.Signer> signer,
                                RemoteAudit audit) {
    return new RemoteCacheConfig(url, push, required, headers, proxies, connectTimeout, readTimeout, deadline,
        maxFileBytes, health, trust, signer, audit);
  }

  /** The configuration without the headers' values, which hold credentials. */
  @Override
  public String toString() {
    return "RemoteCacheConfig[url=" + url + ", push=" + push + ", required=" + required + ", headers="
        + headers.keySet() + ", trusted keys=" + trust.keys().stream().map(EntrySignatures.TrustedKey::id).toList()
        + ", signer=" + signer.map(s -> s.publicKey().id()).orElse("none") + ", audit=" + audit + "]";
  }

  /**
   * Whether a build's remote is still worth asking: after its first connection-level failure (refused, timed
   * out, stalled), a build does not try it again, as Gradle does. One per build, shared by its goals.
   */
  public static final class Health {
    private volatile String failure;
    private final AtomicInteger audited = new AtomicInteger();

    /** How many remote hits this build audited so far, for an audit by count. */
    AtomicInteger audited() {
      return audited;
    }

    /** The first connection-level failure, or null while there was none. */
    public String failure() {
      return failure;
    }

    synchronized boolean fail(String why) {
      if (failure != null) {
        return false;
      }
      failure = why;
      return true;
    }
  }
}
