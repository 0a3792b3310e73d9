package io.github.fashionae.testing;

import io.github.fashionae.util.BuildLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records log lines: info as they are, warnings with "WARN ", debug dropped. Thread-safe. */
public final class RecordingLog implements BuildLog {

  public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void info(String message) {
    lines.add(message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
  }

  @Override
  public void debug(String message) {
  }
}
