package io.github.fashionae.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A cache of entries shared between machines, behind the local {@link StageCache}: entries by fingerprint, each a
 * set of files and their {@code SHA256SUMS}, the same form as a local entry. {@link CachedSteps} asks it after the
 * local cache and before doing the work, verifies what it serves like any entry, and (when this build pushes)
 * offers it what the build stored. Its faults are the remote's own business: they are warned about, never thrown,
 * and the step is then done here as if the remote had missed.
 */
public interface RemoteCache {

  /**
   * What a fetch found.
   *
   * @param kind a hit, a miss, or the remote could not say
   * @param fault for {@link Kind#UNAVAILABLE}, what the remote did, as warned about (null otherwise)
   */
  record Fetch(Kind kind, String fault) {

    /** Every file of the entry, and its {@code SHA256SUMS}, are in the folder (unverified). */
    public static final Fetch HIT = new Fetch(Kind.HIT, null);
    /** The remote has no complete entry (no {@code SHA256SUMS}). */
    public static final Fetch MISS = new Fetch(Kind.MISS, null);

    /** The remote failed, refused, served something that is not an entry of the step, or was skipped. */
    public static Fetch unavailable(String fault) {
      return new Fetch(Kind.UNAVAILABLE, Objects.requireNonNull(fault, "fault"));
    }

    /** What a fetch found. */
    public enum Kind {
      HIT,
      MISS,
      UNAVAILABLE
    }
  }

  /** No remote cache: every fetch misses, nothing is pushed. */
  RemoteCache NONE = new RemoteCache() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public String location(String fingerprint) {
      return "no remote cache";
    }

    @Override
    public boolean pushes() {
      return false;
    }

    @Override
    public boolean required() {
      return false;
    }

    @Override
    public Fetch fetch(String fingerprint, Path into, Set<String> files) {
      return Fetch.MISS;
    }

    @Override
    public void push(String fingerprint, Path entry, List<String> products) {
      // nothing to push to
    }

    @Override
    public Optional<Map<String, String>> checksums(String fingerprint) {
      return Optional.empty();
    }
  };

  /** False for {@link #NONE}. */
  boolean enabled();

  /** Where the entry of {@code fingerprint} is, for messages: its URL. */
  String location(String fingerprint);

  /** True when this build uploads the entries it stores ({@code fashionae.remoteCache.push}). */
  boolean pushes();

  /** True when a training step the remote misses fails the build instead of training ({@code fashionae.remoteCache.required}). */
  boolean required();

  /**
   * Downloads the entry of {@code fingerprint} into the empty folder {@code into}: its {@code SHA256SUMS} and the
   * files that names, which must be exactly {@code files} (the step's own: any other entry is not taken). The
   * caller verifies them.
   *
   * @throws IOException only for a failure of this machine's own files
   */
  Fetch fetch(String fingerprint, Path into, Set<String> files) throws IOException;

  /**
   * Uploads the local entry {@code entry} of {@code fingerprint} file by file, {@code SHA256SUMS} last, unless the
   * remote has a complete entry already: one with the same checksums is left as it is; one with others is left
   * too (the first writer wins), and the differing digests of {@code products} are reported as a reproducibility
   * finding. A failed push is a warning.
   *
   * @throws IOException only for a failure of this machine's own files
   */
  void push(String fingerprint, Path entry, List<String> products) throws IOException;

  /**
   * Whether the remote hit of {@code fingerprint} is audited: its step done again, and the build failed unless the
   * bytes are the remote entry's ({@code fashionae.remoteCache.audit}).
   */
  default boolean audits(String fingerprint) {
    return false;
  }

  /** How audits are asked for, for messages: "fashionae.remoteCache.audit=0.1". */
  default String auditPolicy() {
    return "no audits";
  }

  /**
   * The checksums of the complete remote entry of {@code fingerprint}, by file name, without downloading its files:
   * empty when the remote has none or cannot say (warned about).
   */
  Optional<Map<String, String>> checksums(String fingerprint) throws IOException;
}
