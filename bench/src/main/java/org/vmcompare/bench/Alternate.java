package org.vmcompare.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two or more builds of the simulator measured round by round in one JVM, so that each pair of
 * figures sees the same moment of a shared machine. On the 2-vCPU VM the speed of whole runs drifts
 * by a quarter over minutes, which hides a 5% change between two separate JVMs; run side by side,
 * their ratio is steadier than either figure.
 *
 * <p>Each {@code benchmarks.jar} is loaded in a class loader of its own (so each build's classes
 * are compiled and profiled apart), and its {@link CpuTimeLoops} runs the experiment once a round,
 * the builds in turn, the order reversed every other round. The first two rounds warm up. It prints
 * every round, each build's median and best rate, and the median of the pair ratios against the
 * first build.
 *
 * <p>Run: {@code java -Xmx8g -cp bench/target/benchmarks.jar org.vmcompare.bench.Alternate
 * mac-zipf.yaml 8 before/benchmarks.jar bench/target/benchmarks.jar}.
 */
public final class Alternate {
  private static final Pattern RATE = Pattern.compile("= ([0-9.]+)M refs/s");

  private Alternate() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: Alternate EXPERIMENT.yaml ROUNDS JAR JAR... (two or more benchmarks.jar files)");
      System.exit(2);
    }
    String experiment = args[0];
    int rounds = Integer.parseInt(args[1]);
    List<String> jars = List.of(args).subList(2, args.length);
    List<Method> mains = new ArrayList<>();
    List<ClassLoader> loaders = new ArrayList<>();
    for (String jar : jars) {
      Path p = Path.of(jar);
      if (!Files.isReadable(p)) {
        System.err.println("Alternate: cannot read " + jar);
        System.exit(2);
      }
      ClassLoader cl = loader(p);
      loaders.add(cl);
      mains.add(cl.loadClass(CpuTimeLoops.class.getName()).getMethod("main", String[].class));
    }
    List<List<Double>> rates = new ArrayList<>();
    jars.forEach(j -> rates.add(new ArrayList<>()));
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder("round " + r + ":");
      for (int k = 0; k < jars.size(); k++) {
        int i = r % 2 == 0 ? k : jars.size() - 1 - k;
        double rate = runOnce(loaders.get(i), mains.get(i), experiment);
        if (r >= 2) {
          rates.get(i).add(rate);
        }
        line.append(String.format(Locale.ROOT, " %s=%.2fM", jars.get(i), rate));
      }
      System.out.println(line + (r < 2 ? " (warm-up)" : ""));
    }
    for (int i = 0; i < jars.size(); i++) {
      List<Double> sorted = new ArrayList<>(rates.get(i));
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%s: median %.2fM refs/s, best %.2fM%n",
          jars.get(i),
          sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1));
    }
    for (int i = 1; i < jars.size(); i++) {
      List<Double> ratios = new ArrayList<>();
      for (int j = 0; j < rates.get(0).size(); j++) {
        ratios.add(rates.get(i).get(j) / rates.get(0).get(j));
      }
      Collections.sort(ratios);
      System.out.printf(
          Locale.ROOT,
          "%s / %s: median ratio %.3f (%.3f to %.3f)%n",
          jars.get(i),
          jars.get(0),
          ratios.get(ratios.size() / 2),
          ratios.get(0),
          ratios.get(ratios.size() - 1));
    }
  }

  private static ClassLoader loader(Path jar) throws MalformedURLException {
    return new URLClassLoader(
        new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  /** One round of one build: its CpuTimeLoops run once, its rate read from what it prints. */
  private static double runOnce(ClassLoader cl, Method main, String experiment)
      throws IllegalAccessException, InvocationTargetException {
    Thread.currentThread().setContextClassLoader(cl); // for libraries that look there
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.gc();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {"run", experiment, "1"});
    } finally {
      System.setOut(out);
    }
    Matcher m = RATE.matcher(buf.toString(StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IllegalStateException("no rate in CpuTimeLoops' output: " + buf);
    }
    return Double.parseDouble(m.group(1));
  }
}
