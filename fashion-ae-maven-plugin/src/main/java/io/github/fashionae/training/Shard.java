package io.github.fashionae.training;

import io.github.fashionae.stage.InvalidParameterException;

/**
 * One machine's share of a build spread over {@code count} machines ({@code -Dfashionae.shard=I/N}): the experiments
 * whose position in the plan's fixed order is {@code index} modulo {@code count}, the baseline counting as position
 * 0 and the declared experiments and expanded sweeps following it. A shard trains its own share and takes the rest
 * from the caches when they hold it, otherwise leaves it for its shard.
 *
 * @param index this machine's shard, from 0
 * @param count the number of shards, at least 1
 */
public record Shard(int index, int count) {

  /** The baseline's position in the plan. */
  public static final int BASELINE = 0;

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new InvalidParameterException("shard", "I/N with 0 <= I < N, e.g. 0/4", index + "/" + count);
    }
  }

  /**
   * The shard {@code text} names.
   *
   * @throws InvalidParameterException for anything but I/N with 0 &lt;= I &lt; N
   */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new InvalidParameterException("shard", "I/N with 0 <= I < N, e.g. 0/4", "'" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new InvalidParameterException("shard", "I/N with 0 <= I < N, e.g. 0/4", "'" + text + "'");
    }
  }

  /**
   * The build's one shard rule: of {@code count} shards, the one that trains the study's entry at {@code position}
   * (the baseline at {@link #BASELINE}, then the experiments in the plan's order) is its position modulo the count.
   */
  public static Shard owning(int position, int count) {
    return new Shard(position % count, count);
  }

  /** True when the experiment at {@code position} (the baseline at 0) is this shard's to train. */
  public boolean owns(int position) {
    return owning(position, count).equals(this);
  }

  /** The shard that owns {@code position}, as I/N. */
  public String ownerOf(int position) {
    return owning(position, count).toString();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
