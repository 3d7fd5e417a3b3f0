package dev.pulse.api.resources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body, but never more than a limit: an oversized body is not buffered whole. */
final class BoundedBody {
  /** The body exceeded the limit; {@code prefix} holds what was read, for the dead letter. */
  static final class TooLargeException extends Exception {
    final byte[] prefix;

    TooLargeException(byte[] prefix) {
      super(null, null, false, false);
      this.prefix = prefix;
    }
  }

  private BoundedBody() {}

  static byte[] read(InputStream in, long limit) throws IOException, TooLargeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) {
        out.write(buffer, 0, n - (int) (total - limit));
        throw new TooLargeException(out.toByteArray());
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
