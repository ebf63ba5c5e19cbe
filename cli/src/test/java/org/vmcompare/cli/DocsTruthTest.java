package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documents name classes and members in backticks; this test fails when one of those names no
 * longer exists in the sources, so the documents cannot drift from the code unnoticed.
 *
 * <p>What is checked: {@code Type} (an upper-camel-case name), {@code Type.member}, {@code
 * Type.member()} and {@code package.Type} spans, {@code Name.java} file names, and paths into the
 * repository ({@code core/src/...}, {@code configs/...}). A type that is not the project's must be
 * a JDK or library class on the class path, or one of the {@link #EXTERNAL} names the documents
 * discuss (system calls, OS structures, tools).
 */
final class DocsTruthTest {
  private static final Path ROOT = Path.of("..");

  private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern TYPE_LIKE = Pattern.compile("[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*");
  private static final Pattern NAME =
      Pattern.compile(
          "((?:[a-z][a-z0-9]*\\.)*)([A-Z][A-Za-z0-9]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\\(\\))?");

  /** Packages the library types the documents mention live in. */
  private static final List<String> LIBRARY_PACKAGES =
      List.of(
          "java.lang.",
          "java.util.",
          "java.util.function.",
          "java.util.concurrent.",
          "java.io.",
          "java.nio.file.",
          "com.google.inject.",
          "jakarta.inject.",
          "picocli.",
          "com.fasterxml.jackson.databind.");

  /**
   * Names from the systems and tools the documents explain, not classes of this project: Windows
   * and Linux API names, kernel structures, /proc fields, tool names.
   */
  private static final Set<String> EXTERNAL =
      Set.of(
          "MapViewOfFile",
          "CreateFileMapping",
          "OfferVirtualMemory",
          "ReclaimVirtualMemory",
          "DiscardVirtualMemory",
          "VirtualAlloc",
          "VirtualFree",
          "VirtualProtect",
          "SetProcessWorkingSetSize",
          "EmptyWorkingSet",
          "PageFaultCount",
          "ServicesResourceTransformer",
          "MemTotal",
          "MemFree",
          "MemAvailable",
          "Cached",
          "Committed_AS",
          "CommitLimit",
          "RAMMap",
          "VMMap",
          "TaskManager");

  @Test
  void everyQuotedClassAndMember_existsInTheSources() throws IOException {
    SourceIndex index = SourceIndex.of(ROOT);
    List<String> stale = new ArrayList<>();
    for (Path doc : documents()) {
      List<String> lines = Files.readAllLines(doc);
      boolean fence = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.trim().startsWith("```")) {
          fence = !fence;
          continue;
        }
        if (fence) {
          continue;
        }
        Matcher m = SPAN.matcher(line);
        while (m.find()) {
          String problem = check(index, m.group(1).trim());
          if (problem != null) {
            stale.add(ROOT.relativize(doc) + ":" + (i + 1) + ": `" + m.group(1) + "` " + problem);
          }
        }
      }
    }
    assertThat(stale).as("names in the documents that the sources no longer have").isEmpty();
  }

  @Test
  void check_findsARemovedClassAndARemovedMember() {
    SourceIndex index = SourceIndex.of(ROOT);

    assertThat(check(index, "OsPersonality")).isNull();
    assertThat(check(index, "OsPersonality.handleFault")).isNull();
    assertThat(check(index, "os.OsPersonality")).isNull();
    assertThat(check(index, "Op.Allocate")).isNull();
    assertThat(check(index, "RunResult.ok()")).isNull();
    assertThat(check(index, "ServiceLoader")).isNull();
    assertThat(check(index, "GonePersonality")).isNotNull();
    assertThat(check(index, "OsPersonality.supports")).isNotNull();
    assertThat(check(index, "os.Simulation")).isNotNull();
    assertThat(check(index, "Gone.java")).isNotNull();
    assertThat(check(index, "core/src/main/java/org/vmcompare/os/Kernel.java")).isNull();
    assertThat(check(index, "core/src/main/java/org/vmcompare/engine/Simulation.java")).isNotNull();
    assertThat(check(index, "cli/target/vmcompare.jar")).isNull();
  }

  private static List<Path> documents() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  /** Folders a quoted repository path may start with. */
  private static final Pattern REPO_PATH =
      Pattern.compile(
          "(?:core|engine|textbook-model|linux-model|windows-model|macos-model|reports|cli|bench"
              + "|configs|docs|\\.ci)/[\\w./-]*");

  /** Null when the span is fine or is not a code name; otherwise what is wrong. */
  static String check(SourceIndex index, String span) {
    if (REPO_PATH.matcher(span).matches()) {
      if (span.contains("/target/") || span.endsWith("/target")) {
        return null; // a build output: it exists only after a build, not in a fresh clone
      }
      return Files.exists(ROOT.resolve(span)) ? null : "names a path that does not exist";
    }
    if (span.endsWith(".java") && TYPE_LIKE.matcher(span.replace(".java", "")).matches()) {
      return index.hasFile(span) ? null : "names a file that does not exist";
    }
    Matcher m = NAME.matcher(span);
    if (!m.matches()) {
      return null;
    }
    String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
    String type = m.group(2);
    String[] members = m.group(3).isEmpty() ? new String[0] : m.group(3).substring(1).split("\\.");
    if (!TYPE_LIKE.matcher(type).matches()) {
      return null; // FIFO, MAP_FILE, SW_COW: constants and acronyms, not types
    }
    if (!pkg.isEmpty()) {
      String qualified = pkg.startsWith("org.vmcompare.") ? pkg : "org.vmcompare." + pkg;
      Path file = index.qualified(qualified + "." + type);
      if (file == null) {
        if (library(pkg + "." + type) != null) {
          return checkLibraryMembers(library(pkg + "." + type), members);
        }
        return index.hasPackage(qualified)
            ? "names a class its package does not have"
            : "names a package that does not exist";
      }
      return members.length == 0 || index.fileHasMember(file, members[0])
          ? null
          : "names a member " + type + " does not declare";
    }
    if (index.hasType(type)) {
      if (members.length == 0) {
        return null;
      }
      String owner = type;
      for (String member : members) {
        if (!index.hasMember(owner, member)) {
          return "names a member " + owner + " does not declare";
        }
        owner = member;
        if (!index.hasType(owner)) {
          break; // a method or field: what follows is not checked
        }
      }
      return null;
    }
    if (EXTERNAL.contains(type)) {
      return null;
    }
    Class<?> c = library(type);
    if (c != null) {
      return checkLibraryMembers(c, members);
    }
    return "names a class that does not exist (if it is an OS or tool name, add it to EXTERNAL)";
  }

  private static String checkLibraryMembers(Class<?> c, String[] members) {
    if (members.length == 0) {
      return null;
    }
    String member = members[0];
    for (Method method : c.getMethods()) {
      if (method.getName().equals(member)) {
        return null;
      }
    }
    for (Field field : c.getFields()) {
      if (field.getName().equals(member)) {
        return null;
      }
    }
    for (Class<?> nested : c.getClasses()) {
      if (nested.getSimpleName().equals(member)) {
        return null;
      }
    }
    return "names a member " + c.getName() + " does not have";
  }

  private static Class<?> library(String name) {
    List<String> candidates = new ArrayList<>();
    if (name.contains(".")) {
      candidates.add(name);
    } else {
      LIBRARY_PACKAGES.forEach(p -> candidates.add(p + name));
    }
    for (String candidate : candidates) {
      try {
        return Class.forName(candidate, false, DocsTruthTest.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // not this one
      }
    }
    return null;
  }
}
