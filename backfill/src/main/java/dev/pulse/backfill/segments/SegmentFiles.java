package dev.pulse.backfill.segments;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** A segment directory as Pinot moves it: a tar.gz whose one top directory is the segment's name. */
public final class SegmentFiles {
  private SegmentFiles() {}

  public static Path tar(Path segmentDir, Path tarGz) throws IOException {
    Path root = segmentDir.getParent();
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tarGz));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file));
        Stream<Path> paths = Files.walk(segmentDir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path path : (Iterable<Path>) paths::iterator) {
        TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), root.relativize(path).toString());
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(path)) {
          Files.copy(path, tar);
        }
        tar.closeArchiveEntry();
      }
    }
    return tarGz;
  }

  /** Unpacks a segment's tar.gz into {@code into}; answers the segment's directory. */
  public static Path untar(Path tarGz, Path into) throws IOException {
    Files.createDirectories(into);
    try (InputStream file = new BufferedInputStream(Files.newInputStream(tarGz));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("a segment archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    }
    try (Stream<Path> top = Files.list(into)) {
      List<Path> dirs = top.filter(Files::isDirectory).toList();
      if (dirs.size() != 1) {
        throw new IOException("a segment archive should hold one directory, not " + dirs);
      }
      return dirs.get(0);
    }
  }
}
