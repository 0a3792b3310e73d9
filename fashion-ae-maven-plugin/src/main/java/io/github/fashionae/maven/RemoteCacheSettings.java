package io.github.fashionae.maven;

import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.remote.EntrySignatures;
import io.github.fashionae.remote.RemoteAudit;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The remote cache parameters of a goal as the POM gave them, and their reading into a {@link RemoteCacheConfig}
 * with what Maven's session adds: settings.xml's server (credentials, headers, a signing key, decrypted), its
 * proxies, offline mode, and the build's one {@link RemoteCacheConfig.Health}. (The cache speaks its own protocol
 * of entries and signatures over the JDK's HttpClient, so it takes these from the session rather than through
 * Maven Resolver's transport, which serves artifact repositories.)
 */
record RemoteCacheSettings(String url, boolean push, String serverId, boolean required, int timeoutSeconds,
                           int deadlineSeconds, int maxFileMegabytes, File trustedKeys, File signingKey,
                           String audit) {

  /**
   * The remote cache, validated; empty without one, or offline (said once per build in {@code log}, unless
   * {@code checking}).
   *
   * @throws InvalidParameterException for a URL that is not http(s), a server id settings.xml lacks, a bad bound
   * @throws MojoExecutionException for an unreadable key, or a required remote offline
   */
  Optional<RemoteCacheConfig> config(MavenSession session, SettingsDecrypter decrypter, ProxySettings proxies,
                                     BuildSession build, boolean checking, Log log) throws MojoExecutionException {
    if (url == null || url.isBlank()) {
      if (required) {
        throw new InvalidParameterException("remoteCacheRequired", "a remoteCache (fashionae.remoteCache) to require "
            + "entries of", "none");
      }
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new InvalidParameterException("remoteCache", "an http or https URL", "'" + url + "'");
    }
    if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new InvalidParameterException("remoteCache", "an http or https URL without query or fragment",
          "'" + url + "'");
    }
    if (timeoutSeconds < 1) {
      throw new InvalidParameterException("remoteCacheTimeoutSeconds", "at least 1 second", timeoutSeconds);
    }
    if (deadlineSeconds < timeoutSeconds) {
      throw new InvalidParameterException("remoteCacheDeadlineSeconds", "at least remoteCacheTimeoutSeconds ("
          + timeoutSeconds + " s)", deadlineSeconds);
    }
    if (maxFileMegabytes < 1 || maxFileMegabytes > 1 << 20) {
      throw new InvalidParameterException("remoteCacheMaxFileMegabytes", "1 to 1048576 MiB", maxFileMegabytes);
    }
    Optional<Server> server = server(session, decrypter);
    Map<String, String> headers = headers(server);
    RemoteAudit sample = RemoteAudit.parse("remoteCacheAudit", audit);
    EntrySignatures.Trust trust = trust();
    Optional<EntrySignatures.Signer> signer = signer(server, trust);
    if (signer.isPresent() && !push) {
      log.debug("A signing key is set, but remoteCachePush is false: nothing is signed");
    }
    boolean say = !checking && build != null;
    if (session != null && session.isOffline()) {
      if (required) {
        throw new MojoExecutionException("remoteCacheRequired (fashionae.remoteCache.required) is true, but the "
            + "build is offline (-o), so the remote cache " + uri + " cannot be read");
      }
      if (say && build.firstTime("offline remote " + uri)) {
        log.info("Offline: the remote cache " + uri + " is skipped");
      }
      return Optional.empty();
    }
    if (!trust.authenticates() && say && build.firstTime("unauthenticated remote " + uri)) {
      log.info("Remote cache " + uri + ": its entries are not authenticated (no fashionae.remoteCache."
          + "trustedKeys), so a consistent entry is taken whoever pushed it; see the remote cache page's threat model");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    RemoteCacheConfig.Health health = build == null ? new RemoteCacheConfig.Health() : build.remoteHealth();
    return Optional.of(new RemoteCacheConfig(uri, push, required, headers, proxies, timeout, timeout,
        Duration.ofSeconds(deadlineSeconds), (long) maxFileMegabytes << 20, health).with(trust, signer, sample));
  }

  /** The keys of {@code trustedKeys}, read and checked; none when it is unset. */
  private EntrySignatures.Trust trust() throws MojoExecutionException {
    if (trustedKeys == null || trustedKeys.getPath().isBlank()) {
      return EntrySignatures.Trust.NONE;
    }
    try {
      return EntrySignatures.readTrust(trustedKeys.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("Invalid parameter remoteCacheTrustedKeys (fashionae.remoteCache.trustedKeys): "
          + e.getMessage());
    }
  }

  /**
   * The key this build signs its pushes with: {@code signingKey}, else the {@code <privateKey>} of the settings.xml
   * server; none when neither is set.
   */
  private Optional<EntrySignatures.Signer> signer(Optional<Server> server, EntrySignatures.Trust trust)
      throws MojoExecutionException {
    String parameter = "remoteCacheSigningKey (fashionae.remoteCache.signingKey)";
    File key = signingKey != null && !signingKey.getPath().isBlank() ? signingKey : null;
    if (key == null) {
      if (server.isEmpty() || server.get().getPrivateKey() == null || server.get().getPrivateKey().isBlank()) {
        return Optional.empty();
      }
      key = new File(server.get().getPrivateKey().trim());
      parameter = "<privateKey> of the settings.xml server '" + server.get().getId()
          + "' (fashionae.remoteCache.serverId)";
    }
    try {
      return Optional.of(EntrySignatures.readSigner(key.toPath(), trust));
    } catch (IOException e) {
      throw new MojoExecutionException("Invalid " + (parameter.startsWith("<") ? "" : "parameter ") + parameter + ": "
          + e.getMessage());
    }
  }

  /** The headers of the settings.xml server: Basic authorization and its httpHeaders. */
  private static Map<String, String> headers(Optional<Server> found) {
    Map<String, String> headers = new TreeMap<>();
    if (found.isEmpty()) {
      return headers;
    }
    Server server = found.get();
    if (server.getUsername() != null && !server.getUsername().isEmpty()) {
      String password = server.getPassword() == null ? "" : server.getPassword();
      headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((server.getUsername() + ":"
          + password).getBytes(StandardCharsets.UTF_8)));
    }
    if (server.getConfiguration() instanceof Xpp3Dom configuration && configuration.getChild("httpHeaders") != null) {
      for (Xpp3Dom property : configuration.getChild("httpHeaders").getChildren("property")) {
        Xpp3Dom name = property.getChild("name");
        Xpp3Dom value = property.getChild("value");
        if (name != null && name.getValue() != null && !name.getValue().isBlank()) {
          headers.put(name.getValue().trim(), value == null || value.getValue() == null ? "" : value.getValue());
        }
      }
    }
    return headers;
  }

  /** settings.xml's server {@code serverId}, decrypted; empty when it is unset. */
  private Optional<Server> server(MavenSession session, SettingsDecrypter decrypter) {
    if (serverId == null || serverId.isBlank()) {
      return Optional.empty();
    }
    Settings settings = session == null ? null : session.getSettings();
    Server server = settings == null ? null : settings.getServer(serverId.trim());
    if (server == null) {
      List<String> ids = settings == null ? List.of() : settings.getServers().stream().map(Server::getId).toList();
      throw new InvalidParameterException("remoteCacheServerId", "the id of a <server> in settings.xml",
          "'" + serverId + "' (servers there: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")");
    }
    if (decrypter != null) {
      SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      if (decrypted.getServer() != null) {
        server = decrypted.getServer();
      }
    }
    return Optional.of(server);
  }
}
