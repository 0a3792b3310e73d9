package io.github.fashionae.experiments;

import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which experiments are waiting, running, done (trained or from the cache) or failed, and an overall ETA: the
 * epochs left, at the mean epoch time seen so far, spread over the parallel slots. Logged after every epoch
 * and every change of state. Thread-safe.
 */
final class ExperimentProgress {

  enum State { WAITING, RUNNING, TRAINED, CACHED, FAILED, SKIPPED }

  private static final class Entry {
    State state = State.WAITING;
    int epochsDone;
    final int epochsTotal;
    boolean trainedAny;

    Entry(int epochsTotal) {
      this.epochsTotal = epochsTotal;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final int parallel;
  private final BuildLog log;
  private double epochSeconds;
  private int epochsTimed;
  private String lastLine;

  /**
   * @param cachedAutoencoders the experiments whose autoencoder is already in the cache: their epochs are not
   *     expected to take time
   */
  ExperimentProgress(List<Study.Entry> jobs, Set<String> cachedAutoencoders, int parallel,
                     BuildLog log) {
    for (Study.Entry job : jobs) {
      int autoencoderEpochs = job.resolved().autoencoderSettings().epochs();
      int epochs = (cachedAutoencoders.contains(job.experiment().name()) ? 0 : autoencoderEpochs)
          + job.resolved().modes().size() * job.resolved().classifierSettings().epochs();
      entries.put(job.experiment().name(), new Entry(epochs));
    }
    this.parallel = parallel;
    this.log = log;
    log.info(String.format(Locale.ROOT, "Experiments: %d, at most %d at once", jobs.size(), parallel));
  }

  synchronized void started(String name) {
    entries.get(name).state = State.RUNNING;
  }

  synchronized void epochFinished(String experiment, EpochRecord record) {
    Entry entry = entries.get(experiment);
    if (entry == null) {
      return;
    }
    entry.epochsDone++;
    epochSeconds += record.seconds();
    epochsTimed++;
    report();
  }

  /** A stage finished; a cached stage counts all its epochs as done. */
  synchronized void stageDone(String name, boolean trained) {
    Entry entry = entries.get(name);
    entry.trainedAny |= trained;
  }

  synchronized void done(String name) {
    Entry entry = entries.get(name);
    entry.state = entry.trainedAny ? State.TRAINED : State.CACHED;
    entry.epochsDone = entry.epochsTotal;
    report();
  }

  synchronized void failed(String name) {
    entries.get(name).state = State.FAILED;
  }

  synchronized void skipped(String name) {
    entries.get(name).state = State.SKIPPED;
  }

  synchronized void finished() {
    report();
  }

  /** Logs the state, unless it reads as the last line logged. */
  private void report() {
    String line = line();
    if (!line.equals(lastLine)) {
      log.info(line);
      lastLine = line;
    }
  }

  /** E.g. "experiments: 2 running (lr-0.01 4/30, lr-0.005 3/30), 1 trained, 3 cached, 4 waiting; ETA 52m10s". */
  synchronized String line() {
    List<String> running = new ArrayList<>();
    Map<State, Integer> counts = new LinkedHashMap<>();
    int epochsLeft = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      counts.merge(entry.state, 1, Integer::sum);
      if (entry.state == State.RUNNING) {
        running.add(e.getKey() + " " + entry.epochsDone + "/" + entry.epochsTotal);
      }
      if (entry.state == State.RUNNING || entry.state == State.WAITING) {
        epochsLeft += entry.epochsTotal - entry.epochsDone;
      }
    }
    StringBuilder line = new StringBuilder("experiments: ");
    line.append(counts.getOrDefault(State.RUNNING, 0)).append(" running");
    if (!running.isEmpty()) {
      line.append(" (").append(String.join(", ", running)).append(')');
    }
    line.append(", ").append(counts.getOrDefault(State.TRAINED, 0)).append(" trained, ")
        .append(counts.getOrDefault(State.CACHED, 0)).append(" cached, ")
        .append(counts.getOrDefault(State.WAITING, 0)).append(" waiting");
    if (counts.containsKey(State.FAILED)) {
      line.append(", ").append(counts.get(State.FAILED)).append(" failed");
    }
    if (epochsTimed > 0 && epochsLeft > 0) {
      double eta = epochSeconds / epochsTimed * epochsLeft / Math.max(1, Math.min(parallel,
          counts.getOrDefault(State.RUNNING, 0) + counts.getOrDefault(State.WAITING, 0)));
      line.append("; ETA ").append(Durations.format(eta));
    }
    return line.toString();
  }
}
