package org.vmcompare.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.vmcompare.common.InputError;

/**
 * How every command writes a file the user asked for: whole or not at all (a sibling temporary file
 * moved into place, so a reader never sees half a file), with the permissions any new file of the
 * user's gets, and a failure that names the file the user named and why, never the temporary one.
 */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Writes {@code text} to {@code target}, creating its folder.
   *
   * @param option the command-line option that named the target, for the message
   * @throws InputError naming {@code option}, the target and the reason
   */
  static void write(String option, Path target, String text) {
    write(option, target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} (an image) to {@code target} the same way: whole or not at all. */
  static void write(String option, Path target, byte[] bytes) {
    Path abs = target.toAbsolutePath().normalize();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      Files.createDirectories(abs.getParent());
      // Files.write creates the file with the process's umask, as the shell would;
      // Files.createTempFile would make it readable by its owner only.
      Files.write(tmp, bytes);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw InputError.of(option, "cannot write " + target + ": " + reason(e));
    }
  }

  /** Why a write failed, in words, without the temporary file's name. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such folder";
    }
    if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
      return "a part of the path is a file, not a folder";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the write already failed; that is the error worth reporting
    }
  }
}
