package dev.pulse.flink.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a checkpoint directory, so a local job restarted
 * after a crash resumes where it stopped. A checkpoint is complete once its {@code _metadata} file
 * exists; a directory the crash left half-written has none and is skipped.
 */
final class CheckpointLocator {
  private static final String METADATA = "_metadata";

  private CheckpointLocator() {}

  static Optional<Path> latestCompleted(String checkpointDirUri) {
    Path root = Path.of(URI.create(checkpointDirUri.startsWith("file:") ? checkpointDirUri : "file://" + checkpointDirUri));
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.find(root, 3, (path, attrs) -> isMetadata(path))) {
      return files
          .max(Comparator.comparing(CheckpointLocator::modified))
          .map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan checkpoints under " + root, e);
    }
  }

  private static boolean isMetadata(Path path) {
    return path.getFileName().toString().equals(METADATA)
        && path.getParent().getFileName().toString().startsWith("chk-");
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
