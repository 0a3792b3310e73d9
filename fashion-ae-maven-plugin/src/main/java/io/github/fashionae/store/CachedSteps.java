package io.github.fashionae.store;

import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Build steps cached by fingerprint, the one mechanism behind training and evaluation: lock each step's entry,
 * look it up in the local cache, then in the remote one ({@link RemoteCache}, downloaded and verified into the
 * local cache), copy a verified hit into the step's folder, run the work once for all the misses together, store
 * each miss's files under its fingerprint and, when the build pushes, upload them. Locks are taken in fingerprint order, so two builds asking
 * for overlapping steps never wait on each other in a circle.
 */
public final class CachedSteps {

  /** How to treat entries that are in the cache. */
  public enum Mode {
    /** Use them. */
    REUSE,
    /** Redo the work and replace them (a forced build). */
    REDO,
    /** Redo the work, and fail when its product differs from the cached one (a build verifying reproducibility). */
    VERIFY
  }

  /**
   * What a step does, in its caller's words for the log ("training", "up to date", "model", "retrained",
   * "trained"), and whether a build that requires the remote cache must find it there rather than do it.
   *
   * @param verb what the work does, e.g. "training": a lock's holder says "training autoencoder"
   * @param upToDate what a hit is, e.g. "up to date"
   * @param product what the work makes, e.g. "model"
   * @param redone what the work did when redone, e.g. "retrained"
   * @param done what the work did, e.g. "trained"
   * @param requiredRemotely true when a build that requires the remote cache fails on a miss instead of working
   */
  public record Activity(String verb, String upToDate, String product, String redone, String done,
                         boolean requiredRemotely) {
  }

  /**
   * One step.
   *
   * @param fingerprint the digest of its inputs: its cache entry's name
   * @param name its name in the log, e.g. "autoencoder" or "lr-0.01/classifier-frozen"
   * @param activity what it does
   * @param output the folder its work writes to, and a hit is copied into
   * @param files the files of {@code output} that make up its entry
   * @param products the files whose bytes must reproduce under {@link Mode#VERIFY}, some of {@code files}
   * @param check what an entry's files must say of each other beyond their checksums, before it is used
   */
  public record Step(String fingerprint, String name, Activity activity, Path output, List<String> files,
                     List<String> products, EntryCheck check) {
    public Step {
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(activity, "activity");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(check, "check");
      files = List.copyOf(files);
      products = List.copyOf(products);
      if (products.isEmpty() || !files.containsAll(products)) {
        throw new IllegalArgumentException("the products " + products + " are not some of the step's files " + files);
      }
    }

    /** "autoencoder 3f2a9c01d4e7": the name and the fingerprint's first 12 digits, as every message starts. */
    public String label() {
      return name + " " + fingerprint.substring(0, 12);
    }
  }

  /**
   * A step whose work must run.
   *
   * @param step the step
   * @param cached its entry when the cache holds one (it runs because of {@link Mode#REDO} or {@link Mode#VERIFY}, or
   *     for an audit)
   * @param audit true when it runs to audit the remote cache's entry (the remote's audit policy), as said
   */
  public record Miss(Step step, Optional<Path> cached, boolean audit) {

    /** A step whose work runs for any reason but an audit. */
    public Miss(Step step, Optional<Path> cached) {
      this(step, cached, false);
    }
  }

  /**
   * What happened to a step.
   *
   * @param step the step
   * @param computed false when it came from the cache
   * @param entry its cache entry
   */
  public record Outcome(Step step, boolean computed, Path entry) {
  }

  /**
   * What is wrong with a cache entry whose checksums hold, e.g. a model card naming other bytes than the model's:
   * the checksums catch damage, not an entry rewritten consistently.
   */
  @FunctionalInterface
  public interface EntryCheck {
    /** The problem, or empty when the entry's files agree. */
    Optional<String> problem(Path entry) throws IOException;
  }

  /**
   * The work of the steps that missed, done together (one forked JVM for all of them, say).
   *
   * @param <X> what else than an {@link IOException} the work may throw (a failed engine JVM, say)
   */
  @FunctionalInterface
  public interface Work<X extends Exception> {
    /** Writes each miss's files into its output folder. */
    void run(List<Miss> misses) throws IOException, X;
  }

  /** Told about each step whose work ran, once its entry is stored and while its lock is still held. */
  @FunctionalInterface
  public interface Stored {
    void stored(Step step) throws IOException;
  }

  private final StageCache cache;
  private final RemoteCache remote;
  private final BuildLog log;

  /** Steps through {@code cache} and the remote cache behind it ({@link StageCache#remote()}). */
  public CachedSteps(StageCache cache, BuildLog log) {
    this.cache = cache;
    this.remote = cache.remote();
    this.log = log;
  }

  /**
   * Provides every step's files in its output folder, running {@code work} once for those the cache cannot
   * provide (none: it does not run), and returns the outcomes in the steps' order.
   *
   * @throws ReproducibilityException under {@link Mode#VERIFY}, when a product's bytes differ from the cached ones
   */
  public <X extends Exception> List<Outcome> run(List<Step> steps, Mode mode, Work<X> work)
      throws IOException, ReproducibilityException, X {
    return run(steps, mode, work, step -> { });
  }

  /**
   * As {@link #run(List, Mode, Work)}, telling {@code stored} about each step whose work ran once its entry is
   * stored, while the step's lock is still held (to clean up what only that work used, say).
   */
  public <X extends Exception> List<Outcome> run(List<Step> steps, Mode mode, Work<X> work, Stored stored)
      throws IOException, ReproducibilityException, X {
    TreeMap<String, CacheLock> locks = new TreeMap<>();
    try {
      for (Step step : steps.stream().sorted(Comparator.comparing(Step::fingerprint)).toList()) {
        if (!locks.containsKey(step.fingerprint())) {
          locks.put(step.fingerprint(), cache.lock(step.fingerprint(), step.activity().verb() + " " + step.name()));
        }
      }
      List<Outcome> outcomes = new ArrayList<>();
      List<Miss> misses = new ArrayList<>();
      Map<Step, String> remoteFaults = new HashMap<>();
      Set<Step> audited = new HashSet<>();
      for (Step step : steps) {
        Found found = find(step, mode != Mode.REDO);
        if (found.entry().isPresent() && mode == Mode.REUSE && found.remote()
            && remote.audits(step.fingerprint())) {
          audited.add(step);
          log.info(step.label() + ": auditing the remote cache entry " + remote.location(step.fingerprint()) + " ("
              + remote.auditPolicy() + "): " + step.activity().verb() + " here again to compare its bytes");
          misses.add(new Miss(step, found.entry(), true));
          outcomes.add(null);
        } else if (found.entry().isPresent() && mode == Mode.REUSE) {
          outcomes.add(use(step, found));
        } else {
          misses.add(new Miss(step, found.entry()));
          found.remoteFault().ifPresent(fault -> remoteFaults.put(step, fault));
          outcomes.add(null);
        }
      }
      if (misses.isEmpty()) {
        return outcomes;
      }
      requireNoTrainingMisses(misses, remoteFaults);
      work.run(misses);
      for (Miss miss : misses) {
        Step step = miss.step();
        if ((mode == Mode.VERIFY || audited.contains(step)) && miss.cached().isPresent()) {
          verify(step, miss.cached().get(), audited.contains(step));
        }
        Path entry = store(step);
        stored.stored(step);
        if (remote.pushes()) {
          remote.push(step.fingerprint(), entry, step.products());
        }
        outcomes.set(steps.indexOf(step), new Outcome(step, true, entry));
      }
      return outcomes;
    } finally {
      for (CacheLock lock : locks.values()) {
        lock.close();
      }
    }
  }

  /**
   * Provides the step's files from the local or the remote cache when either holds them, without doing its work:
   * empty when neither does (a step left for another machine, say).
   */
  public Optional<Outcome> provide(Step step) throws IOException {
    try (CacheLock lock = cache.lock(step.fingerprint(), step.activity().verb() + " " + step.name())) {
      Found found = find(step, true);
      return found.entry().isPresent() ? Optional.of(use(step, found)) : Optional.empty();
    }
  }

  /**
   * Where a step's entry was found: the local cache, or the remote one (now in the local cache too), or nowhere;
   * when nowhere, what the remote did wrong, if it did.
   */
  private record Found(Optional<Path> entry, boolean remote, Optional<String> remoteFault) {
  }

  /** The step's verified entry in the local cache, else (when {@code remoteToo}) fetched from the remote one. */
  private Found find(Step step, boolean remoteToo) throws IOException {
    Optional<Path> local = consistent(step, cache.lookup(step.fingerprint()));
    if (local.isPresent() || !remoteToo || !remote.enabled()) {
      return new Found(local, false, Optional.empty());
    }
    return fetch(step);
  }

  /** Copies a found entry into the step's folder, and offers a local one to the remote when this build pushes. */
  private Outcome use(Step step, Found found) throws IOException {
    Path entry = found.entry().orElseThrow();
    StageCache.copyOut(entry, step.output());
    log.info(step.label() + ": " + step.activity().upToDate() + (found.remote()
        ? " (from the remote cache " + remote.location(step.fingerprint()) + ")" : " (from the cache " + entry + ")"));
    if (!found.remote() && remote.pushes()) {
      remote.push(step.fingerprint(), entry, step.products());
    }
    return new Outcome(step, false, entry);
  }

  /**
   * The remote entry of the step, downloaded beside the local entries, verified against its checksums and checked
   * like a local one, then renamed into place: whole, or (with one warning) not at all.
   */
  private Found fetch(Step step) throws IOException {
    Path partial = cache.partial(step.fingerprint());
    try {
      RemoteCache.Fetch fetch = remote.fetch(step.fingerprint(), partial, Set.copyOf(step.files()));
      if (fetch.kind() != RemoteCache.Fetch.Kind.HIT) {
        return new Found(Optional.empty(), false, Optional.ofNullable(fetch.fault()));
      }
      Optional<String> problem = StageCache.verify(partial);
      if (problem.isEmpty()) {
        problem = remoteProblem(step, partial);
      }
      if (problem.isPresent()) {
        String where = remote.location(step.fingerprint());
        log.warn(step.label() + ": the remote cache entry " + where + " is corrupt (" + problem.get() + "); it is "
            + "not used");
        return new Found(Optional.empty(), false, Optional.of(where + " is corrupt (" + problem.get() + ")"));
      }
      return new Found(Optional.of(cache.adopt(step.fingerprint(), partial)), true, Optional.empty());
    } finally {
      FileTrees.deleteTree(partial);
    }
  }

  /**
   * What is wrong with a downloaded entry beyond its checksums; a file it cannot read (a model card that is not
   * JSON, say) is the entry's problem too, not this machine's: the remote's bytes are not trusted.
   */
  private static Optional<String> remoteProblem(Step step, Path partial) {
    try {
      return step.check().problem(partial);
    } catch (IOException | RuntimeException e) {
      return Optional.of("its files cannot be read as this stage's: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
    }
  }

  /**
   * Fails, before any work, when the remote cache is required and a training step is in neither cache: a gather
   * build must not train what a shard should have pushed. Evaluations are cheap and still run. The message names,
   * for each, the remote's fault when there was one, not just its absence.
   */
  private void requireNoTrainingMisses(List<Miss> misses, Map<Step, String> remoteFaults)
      throws RemoteMissException {
    if (!remote.required()) {
      return;
    }
    List<Miss> missing = misses.stream().filter(m -> m.step().activity().requiredRemotely()
        && m.cached().isEmpty()).toList();
    if (missing.isEmpty()) {
      return;
    }
    List<String> absent = missing.stream().filter(m -> !remoteFaults.containsKey(m.step()))
        .map(m -> m.step().label() + " (" + remote.location(m.step().fingerprint()) + ")").toList();
    List<String> failed = missing.stream().filter(m -> remoteFaults.containsKey(m.step()))
        .map(m -> m.step().label() + " (" + remoteFaults.get(m.step()) + ")").toList();
    List<String> parts = new ArrayList<>();
    if (!failed.isEmpty()) {
      parts.add("The remote cache failed for " + String.join(", ", failed));
    }
    if (!absent.isEmpty()) {
      parts.add("Not in the local or the remote cache: " + String.join(", ", absent));
    }
    throw new RemoteMissException(String.join(". ", parts), !absent.isEmpty(), missing.size());
  }

  /** Stores a step's files; a failure (a full disk, say) says that the work itself succeeded, and where it is. */
  private Path store(Step step) throws IOException {
    try {
      return cache.store(step.fingerprint(), step.output(), step.files());
    } catch (IOException e) {
      throw new StoreException(String.format(Locale.ROOT, "%s: %s, but storing it in the cache %s failed (%s); its "
          + "files are in %s, and the next build does the work again", step.label(), step.activity().done(),
          cache.entry(step.fingerprint()).getParent(), e.getMessage(), step.output()), e);
    }
  }

  /** The entry, unless its files disagree: then it is reported, discarded and treated as absent. */
  private Optional<Path> consistent(Step step, Optional<Path> cached) throws IOException {
    if (cached.isEmpty()) {
      return cached;
    }
    Optional<String> problem = step.check().problem(cached.get());
    if (problem.isEmpty()) {
      return cached;
    }
    log.warn("Cache entry " + cached.get() + " is inconsistent (" + problem.get() + "); it is discarded and rebuilt");
    FileTrees.deleteTree(cached.get());
    return Optional.empty();
  }

  /**
   * Compares the products the work just wrote with the cached entry's; {@code audit}: the entry came from the remote
   * cache in this build and was picked for an audit, which the messages say.
   */
  private void verify(Step step, Path cached, boolean audit) throws IOException, ReproducibilityException {
    String what = audit ? "the remote cache's " : "the cached ";
    List<String> digests = new ArrayList<>();
    for (String product : step.products()) {
      String before = StageCache.sha256(cached.resolve(product));
      String now = StageCache.sha256(step.output().resolve(product));
      if (!before.equals(now)) {
        if (audit) {
          FileTrees.deleteTree(cached); // the remote's entry, adopted in this build: not to be used again
        }
        throw new ReproducibilityException(String.format(Locale.ROOT, "%s is not reproducible: %s%s has "
            + "SHA-256 %s, the %s %s %s (%s)%s", step.label(), what, product, before, step.activity().redone(),
            product, now, step.output(), audit ? "; the audit (" + remote.auditPolicy() + ") fails the build: the "
            + "remote entry " + remote.location(step.fingerprint()) + " is not what these inputs give here" : ""));
      }
      digests.add(product + " " + now);
    }
    log.info(step.label() + ": reproducible, the " + step.activity().redone() + " " + step.activity().product()
        + " equals " + (audit ? "the remote cache's" : "the cached one") + " (SHA-256 of " + String.join(", ", digests)
        + ")" + (audit ? "; audit passed" : ""));
  }
}
