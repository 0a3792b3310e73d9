package io.github.fashionae.store;

import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on one cache entry, held against other threads of this JVM (a parallel Maven build)
 * and against other processes (a second build sharing the cache). The lock file stays behind: deleting it
 * would let two holders lock two different files of the same name.
 */
public final class CacheLock implements AutoCloseable {

  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private CacheLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Blocks until the lock on {@code lockFile} is held, logging once when it has to wait for {@code what}. */
  public static CacheLock acquire(Path lockFile, String what, BuildLog log) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    if (!threadLock.tryLock()) {
      log.info("Waiting for another build thread to finish " + what);
      threadLock.lock();
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.tryLock();
      if (fileLock == null) {
        log.info("Waiting for another build to finish " + what + " (lock " + key + ")");
        fileLock = channel.lock();
      }
      return new CacheLock(threadLock, channel, fileLock);
    } catch (IOException | RuntimeException | Error e) {
      if (channel != null) {
        channel.close();
      }
      threadLock.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fileLock.release();
      channel.close();
    } finally {
      threadLock.unlock();
    }
  }
}
