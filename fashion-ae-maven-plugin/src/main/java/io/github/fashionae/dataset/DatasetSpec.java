package io.github.fashionae.dataset;

import java.util.List;
import java.util.Objects;

/**
 * A dataset made of IDX files with known payload digests.
 *
 * @param id short name, also the name of the dataset's folder in the cache
 * @param files the files, in a fixed order
 */
public record DatasetSpec(String id, List<IdxFileSpec> files) {

  public DatasetSpec {
    Objects.requireNonNull(id, "id");
    if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("dataset id must be a plain folder name, found '" + id + "'");
    }
    files = List.copyOf(files);
  }
}
