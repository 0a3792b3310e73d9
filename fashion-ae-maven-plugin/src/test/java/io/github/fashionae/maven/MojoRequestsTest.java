package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.remote.RemoteAudit;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.MojoLog;
import io.github.fashionae.testing.SigningKeys;
import io.github.fashionae.training.TrainingRequest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** What the mojos build from their parameters, checked without training: requests, and deprecated properties. */
@MojoTest
class MojoRequestsTest {

  private static final String POM = "src/test/resources/unit/train/pom.xml";

  @TempDir
  Path dir;

  private final List<String> warnings = new ArrayList<>();

  private void configure(AbstractStudyMojo mojo, Properties userProperties) {
    mojo.manifestFile = dir.resolve("manifest.json").toFile();
    mojo.outputDirectory = dir.resolve("out").toFile();
    mojo.cacheDirectory = dir.resolve("cache").toFile();
    mojo.pluginArtifacts = MojoFixtures.classpathArtifacts();
    mojo.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toFile();
    MavenExecutionRequest request = new DefaultMavenExecutionRequest();
    request.setUserProperties(userProperties);
    mojo.session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
    mojo.build = new BuildSession(); // one build
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void warn(CharSequence content) {
        warnings.add(content.toString());
      }
    });
  }

  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void theTrainingRequestCarriesTheParameters(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    mojo.threads = 2;
    mojo.outputTimestamp = "2026-11-27T00:00:00Z";

    TrainingRequest request = mojo.trainingRequest();

    assertThat(request.data().validation()).isEqualTo(ValidationSet.HOLDOUT);
    assertThat(request.data().trainLimit()).isEqualTo(200); // from the test POM
    assertThat(request.threads()).isEqualTo(2);
    assertThat(request.engine()).as("the portable numerics by default")
        .isEqualTo(EngineIdentity.portable(EngineIdentity.of(mojo.plugin.getVersion())));
    assertThat(request.archiveTime()).isEqualTo("2026-11-27T00:00:00Z");
    assertThat(request.mode()).isEqualTo(CachedSteps.Mode.REUSE);
    mojo.numerics = "native";
    assertThat(mojo.trainingRequest().engine()).as("native: the platform joins it later, from the probe")
        .isEqualTo(EngineIdentity.of(mojo.plugin.getVersion()));
    assertThat(request.fork().maxHeap()).isEqualTo("512m");
    mojo.force = true;
    assertThat(mojo.trainingRequest().mode()).isEqualTo(CachedSteps.Mode.REDO);
    mojo.verifyReproducible = true;
    assertThat(mojo.trainingRequest().mode()).isEqualTo(CachedSteps.Mode.VERIFY);
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void aRenamedPropertyOfTheSnapshotsFailsBeforeAnyWorkNamingItsReplacement(TrainAutoencoderMojo mojo) {
    configure(mojo, properties("fashionae.autoencoder.dropout", "0.5"));

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessage(
        "fashionae.autoencoder.dropout was renamed: set fashionae.dropout instead (parameter dropout)");
    assertThat(dir.resolve("out")).doesNotExist();

    configure(mojo, properties("fashionae.classifier.modes", "frozen"));
    assertThatThrownBy(mojo::execute).hasMessage(
        "fashionae.classifier.modes was renamed: set fashionae.classifierModes instead (parameter classifierModes)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = "src/test/resources/unit/evaluate/pom.xml")
  void evaluateRejectsZeroThreadsBeforeAnyWork(EvaluateMojo mojo) {
    configure(mojo, new Properties());
    mojo.threads = 0;

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter threads (fashionae.threads): expected at least 1, found 0");
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = "src/test/resources/unit/evaluate/pom.xml")
  void aBadBaselineOrReleaseRuleFailsBeforeAnyWork(EvaluateMojo mojo) {
    configure(mojo, new Properties());
    ReleaseRuleConfig rule = new ReleaseRuleConfig();
    rule.stage = "classifier-finetune";
    rule.metric = "accuracy";
    rule.maxWorse = 0.005;
    mojo.releaseRules = List.of(rule);
    List<String> infos = MojoLog.of(mojo).infos();
    assertThatThrownBy(mojo::execute).hasMessageStartingWith("Nothing to evaluate"); // the rules not in the way
    assertThat(infos).containsOnlyOnce("1 release rule is not checked: no baseline (fashionae.baseline) to compare "
        + "with");

    mojo.baseline = "io.github.example:example";
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("Invalid parameter baseline (fashionae.baseline): expected groupId:artifactId:version, "
            + "or a version alone for this project's own;").hasMessageEndingWith("found 'io.github.example:example'");
    mojo.baseline = "RELEASE";
    rule.maxWorseRelative = 0.01;
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid quality gate rule releaseRules/releaseRule[1]: expected one of <maxWorse> and "
            + "<maxWorseRelative>, found both");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "verify-release", pom = "src/test/resources/unit/evaluate/pom.xml")
  void verifyReleaseNeedsAReleaseAndKnownStages(VerifyReleaseMojo mojo) {
    configure(mojo, new Properties());
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter release (fashionae.release): expected the release to rebuild, e.g. 1.2.0 or "
            + "io.github.example:example:1.2.0, found none");
    mojo.release = "1.0.0";
    mojo.stages = List.of("classifier-frozen", "clasifier-finetune");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter stages (fashionae.stages): expected stages a release publishes (autoencoder, "
            + "classifier-finetune, classifier-frozen), found 'clasifier-finetune'");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void unknownPropertiesAreNamedOncePerBuildWithTheClosestRealOne(TrainAutoencoderMojo mojo) {
    configure(mojo, properties("fashionae.epoch", "3", "fashionae.classifier.dropuot", "0.5",
        "fashionae.test.haltAfterEpoch", "0", "other.property", "x", "fashionae.zzz", "1"));
    mojo.latentSize = 0; // fails before any work, after the warnings

    assertThatThrownBy(mojo::execute).hasMessageContaining("latentSize");
    assertThat(warnings).containsExactly(
        "fashionae.classifier.dropuot is not a property of any fashion-ae goal, so it is ignored; did you mean "
            + "fashionae.classifierDropout?",
        "fashionae.epoch is not a property of any fashion-ae goal, so it is ignored; did you mean fashionae.epochs?",
        "fashionae.zzz is not a property of any fashion-ae goal, so it is ignored (each goal's page lists its "
            + "properties)");

    warnings.clear();
    assertThatThrownBy(mojo::execute).hasMessageContaining("latentSize");
    assertThat(warnings).as("once per build").isEmpty();

    mojo.build = new BuildSession(); // the next build says it again
    assertThatThrownBy(mojo::execute).hasMessageContaining("latentSize");
    assertThat(warnings).hasSize(3);
  }

  @Test
  void theClosestNameForgivesCaseDotsAndATypoInTheLastPart() {
    List<String> known = List.of("fashionae.epochs", "fashionae.dropout", "fashionae.classifierDropout",
        "fashionae.learningRate", "fashionae.trainLimit");

    assertThat(PropertyNames.closest("fashionae.epoch", known)).contains("fashionae.epochs");
    assertThat(PropertyNames.closest("fashionae.classifier.dropout", known)).contains("fashionae.classifierDropout");
    assertThat(PropertyNames.closest("fashionae.learningrate", known)).contains("fashionae.learningRate");
    assertThat(PropertyNames.closest("fashionae.train.limit", known)).contains("fashionae.trainLimit");
    assertThat(PropertyNames.closest("fashionae.dropuot", known)).contains("fashionae.dropout");
    // far from every name: no suggestion rather than a wild one
    assertThat(PropertyNames.closest("fashionae.zzz", known)).isEmpty();
    assertThat(PropertyNames.closest("fashionae.javaHome", known)).isEmpty();
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void theRemoteCacheReadsItsTrustedKeysSigningKeyAndAuditBeforeAnyWork(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    mojo.remoteCache = "http://127.0.0.1:8080/fashion-ae";
    mojo.remoteCachePush = true;
    mojo.remoteCacheTimeoutSeconds = 7;
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 64;
    KeyPair key = SigningKeys.generate();
    mojo.remoteCacheTrustedKeys = Files.writeString(dir.resolve("trusted-keys.pub"), "# main's key\n"
        + SigningKeys.publicPem(key)).toFile();
    mojo.remoteCacheSigningKey = SigningKeys.writePrivate(key, dir.resolve("signing.pem")).toFile();
    mojo.remoteCacheAudit = "0.25";

    RemoteCacheConfig config = mojo.trainingRequest().remote().orElseThrow();

    assertThat(config.trust().keys()).hasSize(1);
    String id = config.trust().keys().get(0).id();
    assertThat(config.signer()).hasValueSatisfying(s -> assertThat(s.publicKey().id()).isEqualTo(id));
    assertThat(config.audit()).isEqualTo(new RemoteAudit(0.25, 0));
    assertThat(config.toString()).contains("trusted keys=[" + id + "], signer=" + id + ", audit=0.25")
        .doesNotContain("PRIVATE");
    assertThat(warnings).isEmpty();

    // the signing key can come from the settings.xml server instead, as Maven's own <privateKey>
    Server server = new Server();
    server.setId("fashion-ae-cache");
    server.setPrivateKey(dir.resolve("signing.pem").toString());
    mojo.session.getRequest().addServer(server);
    mojo.remoteCacheServerId = "fashion-ae-cache";
    mojo.remoteCacheSigningKey = null;
    assertThat(mojo.trainingRequest().remote().orElseThrow().signer()).isPresent();

    mojo.remoteCacheTrustedKeys = dir.resolve("missing.pub").toFile();
    assertThatThrownBy(mojo::validate).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid parameter "
        + "remoteCacheTrustedKeys (fashionae.remoteCache.trustedKeys): " + dir.resolve("missing.pub") + ": no such "
        + "file");

    mojo.remoteCacheTrustedKeys = Files.writeString(dir.resolve("other.pub"), SigningKeys.publicPem(
        SigningKeys.generate())).toFile();
    assertThatThrownBy(mojo::validate).hasMessageStartingWith("Invalid <privateKey> of the settings.xml server "
        + "'fashion-ae-cache' (fashionae.remoteCache.serverId): " + dir.resolve("signing.pem") + ": expected a key "
        + "whose public half is among the 1 trusted keys of " + dir.resolve("other.pub"));

    mojo.remoteCacheServerId = "";
    mojo.remoteCacheAudit = "all";
    assertThatThrownBy(mojo::validate).hasMessage("Invalid parameter remoteCacheAudit (fashionae.remoteCache.audit): "
        + "expected a fraction of the remote hits such as 0.1 (1.0 = all), or a count of them such as 3, found 'all'");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void withoutTrustedKeysTheLogSaysOncePerBuildThatEntriesAreNotAuthenticated(TrainAutoencoderMojo mojo)
      throws Exception {
    configure(mojo, new Properties());
    mojo.remoteCache = "http://127.0.0.1:8080/fashion-ae";
    mojo.remoteCacheTimeoutSeconds = 7;
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 64;
    List<String> infos = new ArrayList<>();
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void info(CharSequence content) {
        infos.add(content.toString());
      }
    });

    mojo.checking = true; // the first goal's check: quiet, and the line is still to come
    mojo.trainingRequest();
    mojo.checking = false;
    mojo.trainingRequest();
    mojo.trainingRequest();

    assertThat(infos).containsExactly("Remote cache http://127.0.0.1:8080/fashion-ae: its entries are not "
        + "authenticated (no fashionae.remoteCache.trustedKeys), so a consistent entry is taken whoever pushed it; "
        + "see the remote cache page's threat model");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void theRemoteCacheTakesItsCredentialsFromSettingsXml(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    Server server = new Server();
    server.setId("fashion-ae-cache");
    server.setUsername("ci");
    server.setPassword("secret");
    Xpp3Dom configuration = Xpp3DomBuilder.build(new StringReader("<configuration><httpHeaders><property>"
        + "<name>X-Cache-Token</name><value>t0k3n</value></property></httpHeaders></configuration>"));
    server.setConfiguration(configuration);
    mojo.session.getRequest().addServer(server);
    mojo.remoteCache = "http://127.0.0.1:8080/fashion-ae";
    mojo.remoteCacheServerId = "fashion-ae-cache";
    mojo.remoteCachePush = true;
    mojo.remoteCacheTimeoutSeconds = 7;
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 64;

    RemoteCacheConfig config = mojo.trainingRequest().remote().orElseThrow();

    assertThat(config.url()).hasToString("http://127.0.0.1:8080/fashion-ae");
    assertThat(config.push()).isTrue();
    assertThat(config.required()).isFalse();
    assertThat(config.readTimeout()).hasSeconds(7);
    assertThat(config.deadline()).hasSeconds(300);
    assertThat(config.maxFileBytes()).isEqualTo(64L << 20);
    assertThat(config.headers()).containsEntry("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        "ci:secret".getBytes(StandardCharsets.UTF_8))).containsEntry("X-Cache-Token", "t0k3n");
    assertThat(config.toString()).doesNotContain("secret").doesNotContain("t0k3n");
    // the goals of one build share what they learn of the remote
    assertThat(mojo.trainingRequest().remote().orElseThrow().health()).isSameAs(config.health());
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void aBooleanPropertyIsTrueOrFalseNotSomethingMavenReadsAsFalse(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, properties("fashionae.skip", "yes"));
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid parameter skip "
        + "(fashionae.skip): expected true or false, found 'yes' (Maven would read it as false)");
    assertThat(dir.resolve("out")).doesNotExist();

    configure(mojo, properties("fashionae.remoteCache.push", "1"));
    assertThatThrownBy(mojo::execute).hasMessage("Invalid parameter remoteCachePush (fashionae.remoteCache.push): "
        + "expected true or false, found '1' (Maven would read it as false)");

    configure(mojo, properties("fashionae.skip", "TRUE"));
    mojo.skip = true;
    mojo.execute(); // skipped, as asked
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = "src/test/resources/unit/fetch-dataset/pom.xml")
  void aNumberPropertyThatIsNoNumberIsNamedBeforeAnyWork(FetchDatasetMojo mojo) throws Exception {
    // fetch-dataset has no epochs: Maven configures it without a word; the first goal names the property
    mojo.session = new MavenSession(null, null, requestWith(properties("fashionae.epochs", "abc")),
        new DefaultMavenExecutionResult());
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter epochs (fashionae.epochs): expected a whole number, found 'abc'");

    mojo.session = new MavenSession(null, null, requestWith(properties("fashionae.learningRate", "fast")),
        new DefaultMavenExecutionResult());
    assertThatThrownBy(mojo::execute).hasMessage(
        "Invalid parameter learningRate (fashionae.learningRate): expected a number such as 0.001, found 'fast'");
    assertThat(AbstractFashionAeMojo.numberProblem("int", "12")).isNull();
    assertThat(AbstractFashionAeMojo.numberProblem("java.lang.String", "abc")).isNull();
  }

  private static MavenExecutionRequest requestWith(Properties userProperties) {
    MavenExecutionRequest request = new DefaultMavenExecutionRequest();
    request.setUserProperties(userProperties);
    return request;
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void misspeltPomElementsAreNamedWithTheClosestParameterOnEveryMavenVersion(TrainAutoencoderMojo mojo)
      throws Exception {
    Plugin model = new Plugin();
    model.setConfiguration(Xpp3DomBuilder.build(new StringReader(
        "<configuration><epoch>3</epoch><learningrate>0.01</learningrate><stages/></configuration>")));
    PluginExecution execution = new PluginExecution();
    execution.setId("train");
    execution.setConfiguration(Xpp3DomBuilder.build(new StringReader(
        "<configuration><epoch>3</epoch><zzzzzz>1</zzzzzz><encoderModel>x</encoderModel></configuration>")));
    model.addExecution(execution);
    List<String> said = new ArrayList<>();

    Executions.warnAboutUnknownElements(mojo.plugin, model, new SystemStreamLog() {
      @Override
      public void warn(CharSequence content) {
        said.add(content.toString());
      }
    });

    // <stages> (evaluate's) and <encoderModel> (train-classifier's) are parameters of some goal: no word
    assertThat(said).containsExactly(
        "<epoch> in the plugin's <configuration> of fashion-ae is not a parameter of any fashion-ae goal, so it is "
            + "ignored; did you mean <epochs>?",
        "<learningrate> in the plugin's <configuration> of fashion-ae is not a parameter of any fashion-ae goal, so "
            + "it is ignored; did you mean <learningRate>?",
        "<zzzzzz> in execution 'train' of fashion-ae is not a parameter of any fashion-ae goal, so it is ignored "
            + "(each goal's page lists its parameters)");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void aBadOutputTimestampIsNamedAsThePomSetIt(TrainAutoencoderMojo mojo) {
    configure(mojo, new Properties());
    mojo.outputTimestamp = "yesterday";
    mojo.project = new MavenProject();
    assertThatThrownBy(mojo::validate).isInstanceOf(MojoExecutionException.class).hasMessage(
        "Invalid parameter outputTimestamp: expected an ISO-8601 date-time such as 2026-11-27T00:00:00Z or seconds "
            + "since the epoch, found 'yesterday'");

    mojo.project.getProperties().setProperty("project.build.outputTimestamp", "yesterday");
    assertThatThrownBy(mojo::validate).hasMessageStartingWith(
        "Invalid parameter outputTimestamp (the project's project.build.outputTimestamp property): expected");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void aJavaOrJvmOptionsThatCannotStartTheEngineAreNamedBeforeAnyWork(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    mojo.maxHeap = "512m";
    mojo.jvmArgs = "-XX:+UseSerialGC -XX:MaxRAMPercentage=abc";
    assertThatThrownBy(mojo::validate).isInstanceOf(MojoExecutionException.class).hasMessageStartingWith(
        "Invalid parameter jvmArgs (fashionae.jvmArgs): expected options with which the JVM starts, found -Xmx512m "
            + "-XX:+UseSerialGC -XX:MaxRAMPercentage=abc, with which '" + mojo.javaExecutable + " -version' exits "
            + "with code 1: ");

    mojo.jvmArgs = "";
    mojo.javaExecutable = dir.resolve("jdk-21/bin/java").toFile();
    assertThatThrownBy(mojo::validate).hasMessage("Invalid parameter javaExecutable (fashionae.javaExecutable): "
        + "expected a java executable of version 17 or later, found '" + mojo.javaExecutable + "' (no such file)");
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(dir.resolve("cache")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void aHeapTheEngineCannotUseIsNamedBeforeAnyWork(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    for (String heap : List.of("lots", "1k", "64m", "512 m", "")) {
      mojo.maxHeap = heap;
      assertThatThrownBy(mojo::trainingRequest).as(heap).isInstanceOf(MojoExecutionException.class).hasMessage(
          "Invalid parameter maxHeap (fashionae.maxHeap): expected a heap size of at least 128m for the engine JVM's "
              + "-Xmx, a number with a unit k, m or g, e.g. 512m or 2g, found '" + heap + "'");
    }
    for (String heap : List.of("128m", "512m", "2g", "2G", "1048576k")) {
      mojo.maxHeap = heap;
      assertThat(mojo.trainingRequest().fork().maxHeap()).isEqualTo(heap);
    }
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void anEncryptedPasswordReachesTheRemoteCacheDecrypted(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    // Maven's own decrypter and cipher, as `mvn --encrypt-master-password` and `--encrypt-password` set them up
    DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    Path security = dir.resolve("settings-security.xml");
    Files.writeString(security, "<settingsSecurity><master>" + cipher.encryptAndDecorate("master-pw",
        DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION) + "</master></settingsSecurity>");
    mojo.settingsDecrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(),
        security.toString()));
    Server server = new Server();
    server.setId("fashion-ae-cache");
    server.setUsername("ci");
    server.setPassword(cipher.encryptAndDecorate("secret", "master-pw"));
    mojo.session.getRequest().addServer(server);
    mojo.remoteCache = "http://127.0.0.1:8080/fashion-ae";
    mojo.remoteCacheServerId = "fashion-ae-cache";
    mojo.remoteCacheTimeoutSeconds = 30;
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 64;

    RemoteCacheConfig config = mojo.trainingRequest().remote().orElseThrow();

    assertThat(server.getPassword()).startsWith("{").doesNotContain("secret");
    assertThat(config.headers()).containsEntry("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        "ci:secret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void aBadRemoteCacheConfigurationFailsBeforeAnyWork(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    mojo.remoteCacheTimeoutSeconds = 30;
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 64;
    mojo.remoteCache = "ftp://cache.example.org/x";
    assertThatThrownBy(mojo::trainingRequest).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid "
        + "parameter remoteCache (fashionae.remoteCache): expected an http or https URL without query or fragment, "
        + "found 'ftp://cache.example.org/x'");

    mojo.remoteCache = "https://cache.example.org/x";
    mojo.remoteCacheDeadlineSeconds = 10;
    assertThatThrownBy(mojo::trainingRequest).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid "
        + "parameter remoteCacheDeadlineSeconds (fashionae.remoteCache.deadlineSeconds): expected at least "
        + "remoteCacheTimeoutSeconds (30 s), found 10");
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 0;
    assertThatThrownBy(mojo::trainingRequest).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid "
        + "parameter remoteCacheMaxFileMegabytes (fashionae.remoteCache.maxFileMegabytes): expected 1 to 1048576 "
        + "MiB, found 0");
    mojo.remoteCacheMaxFileMegabytes = 64;

    mojo.remoteCacheServerId = "nowhere";
    assertThatThrownBy(mojo::trainingRequest).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid "
        + "parameter remoteCacheServerId (fashionae.remoteCache.serverId): expected the id of a <server> in "
        + "settings.xml, found 'nowhere' (servers there: none)");

    mojo.remoteCache = "";
    mojo.remoteCacheServerId = "";
    mojo.remoteCacheRequired = true;
    assertThatThrownBy(mojo::trainingRequest).isInstanceOf(MojoExecutionException.class).hasMessageStartingWith(
        "Invalid parameter remoteCacheRequired (fashionae.remoteCache.required): expected a remoteCache");

    mojo.shard = "2/2";
    assertThatThrownBy(mojo::shard).isInstanceOf(MojoExecutionException.class).hasMessage("Invalid parameter "
        + "shard (fashionae.shard): expected I/N with 0 <= I < N, e.g. 0/4, found 2/2");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void offlineTheRemoteCacheIsSkippedAndTheLogSaysSo(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo, new Properties());
    List<String> infos = new ArrayList<>();
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void info(CharSequence content) {
        infos.add(content.toString());
      }
    });
    mojo.session.getRequest().setOffline(true);
    mojo.remoteCache = "https://cache.example.org/fashion-ae";
    mojo.remoteCacheTimeoutSeconds = 30;
    mojo.remoteCacheDeadlineSeconds = 300;
    mojo.remoteCacheMaxFileMegabytes = 64;

    // the first goal's check of every execution configures this goal too: it must not use up the one line
    mojo.checking = true;
    assertThat(mojo.trainingRequest().remote()).isEmpty();
    assertThat(infos).isEmpty();

    mojo.checking = false;
    assertThat(mojo.trainingRequest().remote()).isEmpty();
    assertThat(mojo.trainingRequest().remote()).isEmpty();
    assertThat(infos).containsExactly("Offline: the remote cache https://cache.example.org/fashion-ae is skipped");
  }
}
