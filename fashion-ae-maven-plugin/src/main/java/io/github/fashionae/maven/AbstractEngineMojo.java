package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.fork.JvmCheck;
import io.github.fashionae.remote.EntrySignatures;
import io.github.fashionae.remote.RemoteAudit;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/** What the goals that fork the engine JVM share (training and evaluation): how to start it, and {@code force}. */
abstract class AbstractEngineMojo extends AbstractOutputMojo {

  /**
   * Threads of each forked training and evaluation JVM: the portable numerics' threads, and ND4J's OpenMP threads.
   * With the default portable numerics the results are the same bits whatever the count, so it is no fingerprint
   * input; with {@code numerics=native} they are bit-identical only for the same count, which is then a fingerprint
   * input. Example: {@code -Dfashionae.threads=2}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.threads", defaultValue = "1")
  int threads;

  /**
   * Maximum heap of each forked JVM, its {@code -Xmx}: a number with a unit, e.g. {@code 512m} or {@code 2g}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.maxHeap", defaultValue = "512m")
  String maxHeap;

  /**
   * Further JVM arguments of the forked JVMs, whitespace-separated, e.g. {@code -XX:+UseSerialGC -verbose:gc};
   * none by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.jvmArgs", defaultValue = "")
  String jvmArgs;

  /**
   * The java executable that runs the forked JVMs, e.g. {@code /usr/lib/jvm/java-21-openjdk-amd64/bin/java}. The
   * property {@code fashionae.java} of earlier snapshots still works, with a deprecation warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.javaExecutable", defaultValue = "${java.home}/bin/java")
  File javaExecutable;

  /**
   * Redo the work even when the cache holds its result, and replace the cache entry: {@code -Dfashionae.force}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.force", defaultValue = "false")
  boolean force;

  /**
   * Which numerics train and evaluate the stages: {@code portable}, the default, the project's own Java kernels,
   * whose every sum runs in an order fixed by the code, so that a stage's bytes are the same on every x86-64 CPU, on
   * every Java 17+ JVM and with any thread count, and one cache entry serves every machine (its fingerprint holds the
   * portable numerics' revision instead of the platform and the thread count); or {@code native}, DL4J's own layers
   * on oneDNN and OpenBLAS, whose bits depend on the CPU's kernels and the thread count (both in its fingerprint).
   * Example: {@code -Dfashionae.numerics=native}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.numerics", defaultValue = "portable")
  String numerics;

  /** The engine's identity for fingerprints: the portable numerics' revision in place of a platform when chosen. */
  @Override
  String engine() {
    String software = super.engine();
    return portable() ? EngineIdentity.portable(software) : software;
  }

  /** True when {@link #numerics} is {@code portable}; a value other than native or portable is a configuration error. */
  boolean portable() {
    String value = numerics == null ? "portable" : numerics.trim().toLowerCase(Locale.ROOT);
    if (!value.equals("native") && !value.equals("portable")) {
      throw new InvalidParameterException("numerics", "native or portable", "'" + numerics + "'");
    }
    return value.equals("portable");
  }

  /**
   * The base URL of a remote stage cache shared by the machines of a team or a CI, e.g.
   * {@code https://cache.example.org/fashion-ae}: stages and evaluations are read from
   * {@code <url>/v1/stages/<fingerprint>/<file>} after the user cache and before any training, and (with
   * {@code remoteCachePush}) written there. Any HTTP server that stores PUT bodies serves, e.g. nginx with WebDAV.
   * None by default. Offline ({@code -o}) it is not used.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache", defaultValue = "")
  String remoteCache;

  /**
   * Upload what this build trains or evaluates (and what its user cache holds that the remote lacks) to the remote
   * cache: {@code -Dfashionae.remoteCache.push=true} in the CI job that publishes. A failed push is a warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.push", defaultValue = "false")
  boolean remoteCachePush;

  /**
   * The {@code <server>} of settings.xml whose credentials the remote cache gets: its username and password as
   * Basic authorization, and its {@code <configuration><httpHeaders>} (a token, say), as Maven's HTTP transport
   * reads them. Example: {@code -Dfashionae.remoteCache.serverId=fashion-ae-cache}. None by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.serverId", defaultValue = "")
  String remoteCacheServerId;

  /**
   * Fail, before any training, when a stage is in neither the user nor the remote cache, instead of training it:
   * {@code -Dfashionae.remoteCache.required=true} for the gather build after the shards pushed. Evaluations still run.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.required", defaultValue = "false")
  boolean remoteCacheRequired;

  /**
   * Seconds to wait for the remote cache's connection, its response, and more data while a file streams, e.g.
   * {@code 30}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.timeoutSeconds", defaultValue = "30")
  int remoteCacheTimeoutSeconds;

  /**
   * The longest, in seconds, that one request to the remote cache may take in all (a file's download or upload,
   * its redirects and a PUT's second try included), however steadily the server trickles data, e.g. {@code 300}.
   * A request past it is a warning, and the remote is not tried again in that build.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.deadlineSeconds", defaultValue = "300")
  int remoteCacheDeadlineSeconds;

  /**
   * The largest file, in MiB, that the remote cache may serve for an entry, e.g. {@code 64}: a study stage's models
   * are about 1 MiB. A larger file is not downloaded beyond the limit; the entry is not used, with a warning.
   * ({@code SHA256SUMS} has its own bound of 16 KiB.)
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.maxFileMegabytes", defaultValue = "64")
  int remoteCacheMaxFileMegabytes;

  /**
   * A file of the Ed25519 public keys whose signed remote cache entries this build takes, e.g.
   * {@code ${project.basedir}/.fashion-ae/trusted-keys.pub} kept in the repository: each key as
   * {@code openssl pkey -in KEY -pubout} prints it (its PEM block, or the base64 line inside it); lines starting
   * with {@code #} are comments. With keys listed, an entry that is unsigned, or signed by another key, or whose
   * signature does not verify, is not used (one warning, then the stage is done here). None by default: entries are
   * taken when they are consistent, without authentication, and the log says so once.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.trustedKeys")
  File remoteCacheTrustedKeys;

  /**
   * The Ed25519 private key, in PEM as {@code openssl genpkey -algorithm ed25519} writes it, with which this build
   * signs what it pushes to the remote cache, e.g. {@code -Dfashionae.remoteCache.signingKey=$HOME/.fashion-ae/
   * signing.pem} from a CI secret. Its public key must be in {@code remoteCacheTrustedKeys}. A signing build also
   * replaces a remote entry that no trusted key signed. When unset, the {@code <privateKey>} of the settings.xml
   * {@code <server>} named by {@code remoteCacheServerId} is used, if it has one. The key never enters the POM or
   * the log. None by default: pushes are unsigned.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.signingKey")
  File remoteCacheSigningKey;

  /**
   * Audit remote cache hits: do a sample of them again here and fail the build, with both digests, when the bytes
   * differ from the remote entry's. A fraction of the entries, such as {@code 0.1} (chosen by the fingerprint's
   * digest, so every build audits the same ones; {@code 1.0} audits every hit), or a count, such as {@code 2} (the
   * first hits of the build). {@code 0}, the default: none.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.audit", defaultValue = "0")
  String remoteCacheAudit;

  @Parameter(defaultValue = "${plugin.artifacts}", readonly = true)
  List<Artifact> pluginArtifacts;

  @Component
  SettingsDecrypter settingsDecrypter;

  /** The smallest heap the engine trains a study network in. */
  static final long MIN_HEAP_BYTES = 128L << 20;

  /** A size as {@code -Xmx} takes it: a number and an optional unit. */
  private static final Pattern HEAP_SIZE = Pattern.compile("(\\d{1,9})([kKmMgGtT]?)");

  /** Each build's knowledge of its remote caches, shared by its goals: a remote down for one is down for all. */
  private static final Map<Object, RemoteCacheConfig.Health> HEALTH =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The builds whose log already says that remote entries are not authenticated: once per build is enough. */
  private static final Set<Object> UNAUTHENTICATED_SAID = Collections.synchronizedSet(Collections.newSetFromMap(
      new WeakHashMap<>()));

  /** The builds whose log already says that the remote cache is skipped offline: once per build is enough. */
  private static final Set<Object> OFFLINE_SAID = Collections.synchronizedSet(Collections.newSetFromMap(
      new WeakHashMap<>()));

  /**
   * The remote cache this goal uses, validated; empty without one, or offline (said in the log).
   *
   * @throws MojoExecutionException for a URL that is not http(s), a server id settings.xml lacks, a bad timeout
   */
  Optional<RemoteCacheConfig> remoteCacheConfig() throws MojoExecutionException {
    if (remoteCache == null || remoteCache.isBlank()) {
      if (remoteCacheRequired) {
        throw invalid(new InvalidParameterException("remoteCacheRequired", "a remoteCache (fashionae.remoteCache) "
            + "to require entries of", "none"));
      }
      return Optional.empty();
    }
    URI url;
    try {
      url = new URI(remoteCache.trim());
    } catch (URISyntaxException e) {
      throw invalid(new InvalidParameterException("remoteCache", "an http or https URL", "'" + remoteCache + "'"));
    }
    if (url.getScheme() == null || !List.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
        || url.getHost() == null || url.getQuery() != null || url.getFragment() != null) {
      throw invalid(new InvalidParameterException("remoteCache", "an http or https URL without query or fragment",
          "'" + remoteCache + "'"));
    }
    if (remoteCacheTimeoutSeconds < 1) {
      throw invalid(new InvalidParameterException("remoteCacheTimeoutSeconds", "at least 1 second",
          remoteCacheTimeoutSeconds));
    }
    if (remoteCacheDeadlineSeconds < remoteCacheTimeoutSeconds) {
      throw invalid(new InvalidParameterException("remoteCacheDeadlineSeconds", "at least remoteCacheTimeoutSeconds ("
          + remoteCacheTimeoutSeconds + " s)", remoteCacheDeadlineSeconds));
    }
    if (remoteCacheMaxFileMegabytes < 1 || remoteCacheMaxFileMegabytes > 1 << 20) {
      throw invalid(new InvalidParameterException("remoteCacheMaxFileMegabytes", "1 to 1048576 MiB",
          remoteCacheMaxFileMegabytes));
    }
    Map<String, String> headers = serverHeaders();
    RemoteAudit audit;
    try {
      audit = RemoteAudit.parse("remoteCacheAudit", remoteCacheAudit);
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    EntrySignatures.Trust trust = trust();
    Optional<EntrySignatures.Signer> signer = signer(trust);
    if (signer.isPresent() && !remoteCachePush) {
      getLog().debug("A signing key is set, but remoteCachePush is false: nothing is signed");
    }
    if (session != null && session.isOffline()) {
      if (remoteCacheRequired) {
        throw new MojoExecutionException("remoteCacheRequired (fashionae.remoteCache.required) is true, but the "
            + "build is offline (-o), so the remote cache " + url + " cannot be read");
      }
      if (!checking && OFFLINE_SAID.add(session.getRequest())) {
        getLog().info("Offline: the remote cache " + url + " is skipped");
      }
      return Optional.empty();
    }
    Object build = session == null || session.getRequest() == null ? new Object() : session.getRequest();
    RemoteCacheConfig.Health health = HEALTH.computeIfAbsent(build, b -> new RemoteCacheConfig.Health());
    if (!trust.authenticates() && !checking && UNAUTHENTICATED_SAID.add(build)) {
      getLog().info("Remote cache " + url + ": its entries are not authenticated (no fashionae.remoteCache."
          + "trustedKeys), so a consistent entry is taken whoever pushed it; see the remote cache page's threat model");
    }
    Duration timeout = Duration.ofSeconds(remoteCacheTimeoutSeconds);
    return Optional.of(new RemoteCacheConfig(url, remoteCachePush, remoteCacheRequired, headers, proxies(), timeout,
        timeout, Duration.ofSeconds(remoteCacheDeadlineSeconds), (long) remoteCacheMaxFileMegabytes << 20, health)
        .with(trust, signer, audit));
  }

  /** The keys of {@code remoteCacheTrustedKeys}, read and checked; none when it is unset. */
  private EntrySignatures.Trust trust() throws MojoExecutionException {
    if (remoteCacheTrustedKeys == null || remoteCacheTrustedKeys.getPath().isBlank()) {
      return EntrySignatures.Trust.NONE;
    }
    try {
      return EntrySignatures.readTrust(remoteCacheTrustedKeys.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("Invalid parameter remoteCacheTrustedKeys (fashionae.remoteCache.trustedKeys): "
          + e.getMessage());
    }
  }

  /**
   * The key this build signs its pushes with: {@code remoteCacheSigningKey}, else the {@code <privateKey>} of the
   * settings.xml server {@code remoteCacheServerId}; none when neither is set.
   */
  private Optional<EntrySignatures.Signer> signer(EntrySignatures.Trust trust) throws MojoExecutionException {
    String parameter = "remoteCacheSigningKey (fashionae.remoteCache.signingKey)";
    File key = remoteCacheSigningKey != null && !remoteCacheSigningKey.getPath().isBlank() ? remoteCacheSigningKey
        : null;
    if (key == null) {
      Server server = server().orElse(null);
      if (server == null || server.getPrivateKey() == null || server.getPrivateKey().isBlank()) {
        return Optional.empty();
      }
      key = new File(server.getPrivateKey().trim());
      parameter = "<privateKey> of the settings.xml server '" + server.getId() + "' (fashionae.remoteCache.serverId)";
    }
    try {
      return Optional.of(EntrySignatures.readSigner(key.toPath(), trust));
    } catch (IOException e) {
      throw new MojoExecutionException("Invalid " + (parameter.startsWith("<") ? "" : "parameter ") + parameter + ": "
          + e.getMessage());
    }
  }

  /** The headers of settings.xml's server {@code remoteCacheServerId}: Basic authorization and its httpHeaders. */
  private Map<String, String> serverHeaders() throws MojoExecutionException {
    Map<String, String> headers = new TreeMap<>();
    Optional<Server> found = server();
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

  /** settings.xml's server {@code remoteCacheServerId}, decrypted; empty when the parameter is unset. */
  private Optional<Server> server() throws MojoExecutionException {
    if (remoteCacheServerId == null || remoteCacheServerId.isBlank()) {
      return Optional.empty();
    }
    Settings settings = session == null ? null : session.getSettings();
    Server server = settings == null ? null : settings.getServer(remoteCacheServerId.trim());
    if (server == null) {
      List<String> ids = settings == null ? List.of() : settings.getServers().stream().map(Server::getId).toList();
      throw invalid(new InvalidParameterException("remoteCacheServerId", "the id of a <server> in settings.xml",
          "'" + remoteCacheServerId + "' (servers there: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")"));
    }
    if (settingsDecrypter != null) {
      SettingsDecryptionResult decrypted = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      if (decrypted.getServer() != null) {
        server = decrypted.getServer();
      }
    }
    return Optional.of(server);
  }

  /** How to start the forked engine JVM: this plugin's own classpath, the configured java, heap and options. */
  ForkedJvm.Fork fork() throws MojoExecutionException {
    Set<Path> classpath = new LinkedHashSet<>();
    if (plugin != null && plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
      classpath.add(plugin.getPluginArtifact().getFile().toPath());
    }
    for (Artifact artifact : pluginArtifacts == null ? List.<Artifact>of() : pluginArtifacts) {
      if (artifact.getFile() != null) {
        classpath.add(artifact.getFile().toPath());
      }
    }
    if (classpath.isEmpty()) {
      throw new MojoExecutionException("Cannot run " + goal() + ": the plugin's own artifacts are unknown, so the "
          + "forked JVM has no classpath");
    }
    List<String> extra = jvmArgs == null || jvmArgs.isBlank() ? List.of()
        : Arrays.asList(jvmArgs.trim().split("\\s+"));
    ForkedJvm.Fork fork = new ForkedJvm.Fork(javaExecutable.toPath(), new ArrayList<>(classpath), heap(), extra);
    Optional<JvmCheck.Problem> problem;
    try {
      problem = JvmCheck.problem(fork);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot check the engine JVM's java and options: " + e.getMessage(), e);
    }
    if (problem.isPresent()) {
      String parameter = problem.get().part() == JvmCheck.Part.JAVA ? "javaExecutable"
          : extra.isEmpty() ? "maxHeap" : "jvmArgs";
      throw invalid(new InvalidParameterException(parameter, problem.get().expected(), problem.get().found()));
    }
    return fork;
  }

  /** {@code maxHeap}, checked: what {@code -Xmx} takes, and enough for the engine. */
  private String heap() throws MojoExecutionException {
    Matcher size = HEAP_SIZE.matcher(maxHeap == null ? "" : maxHeap.trim());
    long bytes = !size.matches() ? -1 : Long.parseLong(size.group(1)) << switch (size.group(2).toLowerCase(
        Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    if (bytes < MIN_HEAP_BYTES) {
      throw invalid(new InvalidParameterException("maxHeap", "a heap size of at least 128m for the engine JVM's "
          + "-Xmx, a number with a unit k, m or g, e.g. 512m or 2g", "'" + maxHeap + "'"));
    }
    return maxHeap.trim();
  }
}
