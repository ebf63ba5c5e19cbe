package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rules of the house that the compiler does not check, over every module's sources. */
final class SourceHygieneTest {
  private static final Path ROOT = Path.of("..");

  private static final Pattern QUALIFIED =
      Pattern.compile(
          "\\b(?:java|javax|jakarta|com|org|picocli)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  @Test
  void code_namesClassesThroughImports_neverInlineQualified() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : SourceIndex.of(ROOT).files()) {
      List<String> lines = Files.readAllLines(file);
      boolean comment = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (comment) {
          comment = !line.contains("*/");
          continue;
        }
        if (line.startsWith("/*")) {
          comment = !line.contains("*/");
          continue;
        }
        if (line.startsWith("*")
            || line.startsWith("//")
            || line.startsWith("import ")
            || line.startsWith("package ")) {
          continue;
        }
        String code = STRING.matcher(line).replaceAll("\"\"");
        int slashes = code.indexOf("//");
        if (slashes >= 0) {
          code = code.substring(0, slashes);
        }
        Matcher m = QUALIFIED.matcher(code);
        if (m.find()) {
          found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertThat(found).as("inline fully-qualified names (import them instead)").isEmpty();
  }
}
