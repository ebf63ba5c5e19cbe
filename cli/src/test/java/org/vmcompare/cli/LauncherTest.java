package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./vmcompare} launcher rebuilds the jar when the sources change, and not when a user
 * edits or adds an experiment: run on a copy of the script in a scratch tree, with stand-in {@code
 * mvn} and {@code java} that only record that they were called.
 */
final class LauncherTest {
  @TempDir Path tree;

  private Path script;

  private void setUp() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash to run the launcher");
    script = tree.resolve("vmcompare");
    Files.copy(Path.of("../vmcompare"), script);
    Files.createDirectories(tree.resolve("cli/target"));
    Files.createDirectories(tree.resolve("cli/src/main/java"));
    Files.createDirectories(tree.resolve("configs/examples"));
    Files.writeString(tree.resolve("pom.xml"), "<project/>");
    Files.writeString(tree.resolve("cli/pom.xml"), "<project/>");
    Files.writeString(tree.resolve("cli/src/main/java/A.java"), "class A {}");
    Files.writeString(tree.resolve("configs/default.yaml"), "name: d");
    Path bin = Files.createDirectories(tree.resolve("bin"));
    for (String tool : List.of("mvn", "java")) {
      Path p = bin.resolve(tool);
      Files.writeString(
          p,
          "#!/bin/bash\necho "
              + tool
              + " >> \""
              + tree.resolve("calls")
              + "\"\necho \"$*\" > \""
              + tree.resolve(tool + ".args")
              + "\"\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path jar = Files.writeString(tree.resolve("cli/target/vmcompare.jar"), "jar");
    // Everything is older than the jar to start with.
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    for (Path p :
        List.of(
            tree.resolve("pom.xml"),
            tree.resolve("cli/pom.xml"),
            tree.resolve("cli/src/main/java/A.java"),
            tree.resolve("configs/default.yaml"))) {
      Files.setLastModifiedTime(p, old);
    }
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 30_000));
  }

  private List<String> launch() throws IOException, InterruptedException {
    return launch(null);
  }

  /** Runs the launcher, with VMCOMPARE_JAVA_OPTS set to {@code javaOpts} unless that is null. */
  private List<String> launch(String javaOpts) throws IOException, InterruptedException {
    Files.deleteIfExists(tree.resolve("calls"));
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString(), "list");
    pb.environment().put("PATH", tree.resolve("bin") + ":/usr/bin:/bin");
    pb.environment().remove("VMCOMPARE_JAVA_OPTS");
    if (javaOpts != null) {
      pb.environment().put("VMCOMPARE_JAVA_OPTS", javaOpts);
    }
    pb.redirectErrorStream(true);
    pb.redirectOutput(tree.resolve("out").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return Files.readAllLines(tree.resolve("calls"));
  }

  @Test
  void anEditedOrNewExperiment_doesNotRebuildTheJar() throws Exception {
    setUp();
    Files.writeString(tree.resolve("configs/examples/mine.yaml"), "name: mine");

    assertThat(launch()).containsExactly("java");
  }

  @Test
  void aChangedSource_orTheBundledExperiment_rebuildsTheJar() throws Exception {
    setUp();
    Files.writeString(tree.resolve("cli/src/main/java/A.java"), "class A { int x; }");

    assertThat(launch()).containsExactly("mvn", "java");

    Files.setLastModifiedTime(
        tree.resolve("cli/src/main/java/A.java"),
        FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Files.writeString(tree.resolve("configs/default.yaml"), "name: changed");

    assertThat(launch()).containsExactly("mvn", "java");
  }

  /** The options the launcher passed to java, in order, up to the jar. */
  private List<String> javaOptions(String javaOpts) throws Exception {
    assertThat(launch(javaOpts)).contains("java");
    List<String> words = List.of(Files.readString(tree.resolve("java.args")).trim().split(" +"));
    return words.subList(0, words.indexOf("-jar"));
  }

  @Test
  void noJavaOpts_runsTheSerialCollector() throws Exception {
    setUp();

    assertThat(javaOptions(null)).contains("-XX:+UseSerialGC").doesNotContain("-XX:+UseG1GC");
  }

  @Test
  void javaOptsWithAHeapSize_keepTheDefaults_andComeLastSoTheyWin() throws Exception {
    setUp();

    List<String> options = javaOptions("-Xmx8g -XX:-UseTransparentHugePages");

    assertThat(options).contains("-XX:+UseSerialGC", "-Xmx8g", "-XX:-UseTransparentHugePages");
    assertThat(options.lastIndexOf("-XX:-UseTransparentHugePages"))
        .isGreaterThan(options.indexOf("-XX:+UseSerialGC"))
        .isGreaterThan(options.indexOf("-XX:+UseTransparentHugePages"));
  }

  @Test
  void javaOptsNamingACollector_replaceTheSerialOne() throws Exception {
    setUp();

    assertThat(javaOptions("-XX:+UseG1GC -Xmx2g"))
        .contains("-XX:+UseG1GC", "-Xmx2g")
        .doesNotContain("-XX:+UseSerialGC");
  }
}
