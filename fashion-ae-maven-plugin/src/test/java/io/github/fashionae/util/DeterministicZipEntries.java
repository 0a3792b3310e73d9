package io.github.fashionae.util;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What differs between two zip archives, entry by entry: for messages that say more than "the bytes differ". */
public final class DeterministicZipEntries {

  private DeterministicZipEntries() {
  }

  /** One line per entry that is missing from one archive or has other bytes, e.g. "configuration.json differs". */
  public static List<String> differences(Path a, Path b) throws IOException {
    List<String> differences = new ArrayList<>();
    try (ZipFile one = new ZipFile(a.toFile()); ZipFile two = new ZipFile(b.toFile())) {
      TreeSet<String> names = new TreeSet<>();
      Collections.list(one.entries()).forEach(e -> names.add(e.getName()));
      Collections.list(two.entries()).forEach(e -> names.add(e.getName()));
      for (String name : names) {
        ZipEntry x = one.getEntry(name);
        ZipEntry y = two.getEntry(name);
        if (x == null || y == null) {
          differences.add(name + " is only in " + (x == null ? b : a));
        } else if (!Arrays.equals(one.getInputStream(x).readAllBytes(), two.getInputStream(y).readAllBytes())) {
          differences.add(name + " differs");
        }
      }
    }
    return differences;
  }
}
