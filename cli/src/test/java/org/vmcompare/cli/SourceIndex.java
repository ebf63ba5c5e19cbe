package org.vmcompare.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The types and members the project's Java sources declare, read as text (every module, main and
 * test), so a test can tell whether a name a document quotes still exists. Deliberately lenient: a
 * member counts as declared when a line of its type's file looks like its declaration.
 */
final class SourceIndex {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|interface|record|enum|@interface)\\s+([A-Z]\\w*)");
  private static final Pattern METHOD =
      Pattern.compile(
          "(?m)^\\s*(?:@\\w+\\s+)*(?:(?:public|protected|private|static|final|default|abstract"
              + "|synchronized|native)\\s+)*(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+(\\w+)\\s*\\(");
  private static final Pattern FIELD =
      Pattern.compile(
          "(?m)^\\s*(?:(?:public|protected|private|static|final|volatile|transient)\\s+)+"
              + "[\\w.<>\\[\\], ?]+\\s+(\\w+)\\s*(?:=|;)");
  private static final Pattern CONSTANT =
      Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)\\s*(?:[,;(]|$)");
  private static final Pattern RECORD =
      Pattern.compile("\\brecord\\s+\\w+\\s*(?:<[^>]*>)?\\s*\\(([^)]*)\\)");
  private static final Pattern LAST_WORD = Pattern.compile("(\\w+)\\s*$");

  /** Simple type name → the files declaring a type of that name (nested types included). */
  private final Map<String, List<Path>> types = new LinkedHashMap<>();

  /** File → the members its text declares. */
  private final Map<Path, Set<String>> members = new LinkedHashMap<>();

  /** Fully qualified top-level type name → file. */
  private final Map<String, Path> qualified = new LinkedHashMap<>();

  private final Set<String> packages = new LinkedHashSet<>();
  private final Set<String> fileNames = new LinkedHashSet<>();

  static SourceIndex of(Path root) {
    SourceIndex index = new SourceIndex();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> f.toString().contains("/src/"))
          .filter(f -> !f.toString().contains("/target/"))
          .forEach(index::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return index;
  }

  /** Every Java file under the root's modules, main and test. */
  List<Path> files() {
    return new ArrayList<>(members.keySet());
  }

  private void add(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fileNames.add(file.getFileName().toString());
    Matcher pkg = PACKAGE.matcher(text);
    String packageName = pkg.find() ? pkg.group(1) : "";
    packages.add(packageName);
    String top = file.getFileName().toString().replace(".java", "");
    qualified.put(packageName + "." + top, file);
    Set<String> declared = new LinkedHashSet<>();
    Matcher m = TYPE.matcher(text);
    while (m.find()) {
      types.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file);
      declared.add(m.group(1));
    }
    for (Pattern p : List.of(METHOD, FIELD, CONSTANT)) {
      Matcher d = p.matcher(text);
      while (d.find()) {
        declared.add(d.group(1));
      }
    }
    Matcher r = RECORD.matcher(text);
    while (r.find()) {
      for (String component : r.group(1).split(",")) {
        Matcher w = LAST_WORD.matcher(component);
        if (w.find()) {
          declared.add(w.group(1));
        }
      }
    }
    members.put(file, declared);
  }

  boolean hasType(String simpleName) {
    return types.containsKey(simpleName);
  }

  boolean hasPackage(String name) {
    return packages.contains(name);
  }

  boolean hasFile(String fileName) {
    return fileNames.contains(fileName);
  }

  /** The file of a top-level type by its qualified name, or null. */
  Path qualified(String name) {
    return qualified.get(name);
  }

  /** Whether a type of this simple name declares (or nests) the member. */
  boolean hasMember(String simpleType, String member) {
    for (Path f : types.getOrDefault(simpleType, List.of())) {
      if (members.get(f).contains(member)) {
        return true;
      }
    }
    return false;
  }

  boolean fileHasMember(Path file, String member) {
    return members.getOrDefault(file, Set.of()).contains(member);
  }
}
