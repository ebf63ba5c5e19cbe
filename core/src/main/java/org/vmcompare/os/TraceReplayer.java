package org.vmcompare.os;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * Replays a stream of page numbers through a replacement policy over a fixed number of frames,
 * without the simulated machine: exact miss counts for large traces at tens of millions of
 * references a second, and a per-reference listing students can hold against their paper answers.
 *
 * <p>A model jar offers one through {@link OsModuleProvider#traceReplayer()}; the command line
 * finds it by system name, so it never compiles against a model. The caller reads the trace and
 * strips write bits; the replayer owns the loop.
 */
public interface TraceReplayer {
  /** Every policy name this replayer accepts, in the order shown to users. */
  List<String> policies();

  /**
   * The canonical spelling of a policy name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  String policyName(String name);

  /**
   * Replays every page {@code source} yields. A policy that must see the future (OPT) reads the
   * whole source first.
   *
   * @param steps where to print one line per reference (hit or miss, resident pages, victim), or
   *     null for none
   * @throws IllegalArgumentException when the trace cannot be replayed (too long to hold for OPT)
   */
  Result replay(Request request, PageSource source, PrintWriter steps);

  /** Yields page numbers in chunks, like a trace reader. */
  @FunctionalInterface
  interface PageSource {
    /** Fills {@code buf} from the start; returns how many pages it holds, or -1 at the end. */
    int read(long[] buf);
  }

  /**
   * What to replay.
   *
   * @param policy a name {@link #policyName} accepts
   * @param frames frames in the pool, at least 1
   * @param seed drives the random choices of RANDOM
   */
  record Request(String policy, int frames, long seed) {
    public Request {
      Objects.requireNonNull(policy, "policy is null");
      if (frames < 1) {
        throw new IllegalArgumentException("frames must be at least 1, got " + frames);
      }
    }
  }

  /**
   * What a replay counted.
   *
   * @param loopNanos wall time spent in the policy alone, for the rate printed on stderr
   */
  record Result(String policy, int frames, long references, long hits, long loopNanos) {
    public long misses() {
      return references - hits;
    }
  }
}
