package io.github.superpose.io;

import java.io.IOException;

/**
 * A file does not follow the format it claims to be in.
 *
 * <p>The message is always one line, {@code "<file>: <problem>"}, so a user sees which file is bad
 * and what was expected without reading a stack trace.
 *
 * <p>Usage: {@code throw new FormatException(path.toString(), "expected magic \\x93NUMPY");}
 */
public final class FormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  /** Creates an exception for {@code source} (a file name or path) describing {@code problem}. */
  public FormatException(String source, String problem) {
    this(source, problem, null);
  }

  /** As {@link #FormatException(String, String)}, keeping the low-level cause for debugging. */
  public FormatException(String source, String problem, Throwable cause) {
    super(oneLine(source) + ": " + oneLine(problem), cause);
    this.source = source;
    this.problem = problem;
  }

  /** The file (or stream name) that was being read. */
  public String source() {
    return source;
  }

  /** What was wrong, without the file name. */
  public String problem() {
    return problem;
  }

  // Parser messages can quote file content; newlines there would break the one-line contract.
  private static String oneLine(String s) {
    return String.valueOf(s).replace('\r', ' ').replace('\n', ' ');
  }
}
