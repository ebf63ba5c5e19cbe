package org.vmcompare.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed keys' promise is made by the compiler: a model cannot store a value of the wrong type.
 * These tests compile a model-like snippet against core's classes, once right and once wrong.
 */
final class StateKeyCompileTest {
  private static final String SNIPPET =
      """
      import org.vmcompare.state.ModelState;
      import org.vmcompare.state.StateKey;

      final class Snippet {
        static final StateKey<Long> PAGES = StateKey.of("model.pages", Long.class);

        static void store(ModelState state) {
          state.put(PAGES, VALUE);
        }
      }
      """;

  @TempDir Path out;

  private DiagnosticCollector<JavaFileObject> compile(String value) throws Exception {
    String source = SNIPPET.replace("VALUE", value);
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    String classes =
        Path.of(ModelState.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    javac
        .getTask(
            null,
            null,
            diagnostics,
            List.of("-classpath", classes, "-d", out.toString()),
            null,
            List.of(file))
        .call();
    return diagnostics;
  }

  private static List<Long> errorLines(DiagnosticCollector<JavaFileObject> diagnostics) {
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(Diagnostic::getLineNumber)
        .toList();
  }

  @Test
  void put_valueOfTheKeysType_compiles() throws Exception {
    assertThat(errorLines(compile("42L"))).isEmpty();
  }

  @Test
  void put_valueOfAnotherType_doesNotCompile() throws Exception {
    assertThat(errorLines(compile("\"42\""))).containsExactly(8L);
  }
}
