package org.vmcompare.hw;

import java.util.Arrays;

/**
 * Frame → every (address space, VPN) that maps it: Linux's rmap, the PFN database's share count and
 * PTE back-pointers on Windows, XNU's pmap pv lists.
 *
 * <p>Policies use it to read accessed bits and to unmap a page everywhere before reusing its frame,
 * as the real kernels do. It must stay cheap at millions of pages and at thousands of mappings of
 * one frame, so:
 *
 * <ul>
 *   <li><b>One {@code long} a frame.</b> A frame mapped once (nearly every frame) keeps that
 *       mapping inline, packed as ASID, level and VPN; nothing else is stored for it. The same word
 *       says "unmapped", "untracked" (with a count) or "shared" (with the count and the head of an
 *       overflow list).
 *   <li><b>Shared frames overflow.</b> When a second mapping arrives, both move to a list of nodes
 *       kept in chunked struct-of-arrays (growth allocates one more chunk; nothing is copied or
 *       doubled). When all but one are gone again, the survivor moves back inline.
 *   <li><b>O(1) removal.</b> A frame with more than a few mappings (a page shared by a large fork
 *       tree, a KSM page) also has its nodes chained in a hash index on (ASID, VPN) that grows one
 *       bucket at a time (linear hashing), so removing one of thousands of mappings finds its node
 *       without scanning the list. A frame with a few (after fork, most shared pages have two) is
 *       searched along its short list and never pays for hashing.
 *   <li><b>Untracked frames.</b> A frame that never needs its mappings found (a shared zero page)
 *       can be {@link #untrack untracked}: mapping it only counts, with no record.
 * </ul>
 *
 * <p>Iteration is by handle ({@link #first}, {@link #next}) and allocates nothing. It visits a
 * frame's mappings in the order they were added (the oldest surviving mapping first), never in hash
 * order, so everything built on it is deterministic.
 */
public final class ReverseMap {
  /** Largest ASID a record can hold; pids double as ASIDs and are never reused. */
  public static final int MAX_ASID = (1 << 25) - 1;

  /** Bits of a VPN a record can hold: 48-bit virtual addresses of 4 KiB pages. */
  public static final int VPN_BITS = 36;

  private static final long VPN_MASK = (1L << VPN_BITS) - 1;
  private static final int LEVEL_SHIFT = VPN_BITS;
  private static final long LEVEL_MASK = 3L << LEVEL_SHIFT;
  private static final int ASID_SHIFT = VPN_BITS + 2;

  // The per-frame word. A positive value is the one mapping's packed key.
  private static final long EMPTY = 0;
  private static final long TAG_MASK = 0xC000_0000_0000_0000L;
  private static final long UNTRACKED = 0x8000_0000_0000_0000L; // | count
  private static final long SHARED = 0xC000_0000_0000_0000L; // | HASHED | count << 31 | head
  private static final long HASHED = 1L << 61;
  private static final long LOW31 = (1L << 31) - 1;
  private static final int MAX_SHARED = (1 << 30) - 1;

  /** A shared frame's nodes enter the hash index when it has more mappings than this... */
  private static final int HASH_ABOVE = 16;

  /** ...and leave it when it is down to this many, so a count moving by one never rehashes. */
  private static final int UNHASH_AT = 8;

  private static final long UNTRACKED_MAX = ~TAG_MASK;

  // Overflow nodes: chunked, a key and four ints (frame, prev, next, next in the hash chain).
  private static final int CHUNK_SHIFT = 12;
  private static final int CHUNK = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK - 1;
  private static final int FRAME = 0;
  private static final int PREV = 1;
  private static final int NEXT = 2;
  private static final int HNEXT = 3;
  private static final int INTS = 4;

  private final int frames;
  private final long[] words;
  private final int maxNodes;
  private long[][] keys = new long[0][];
  private int[][] ints = new int[0][];
  private int nodes;
  private int freeNode = -1;
  private int liveNodes;
  private int hashedNodes;

  // Linear hashing: buckets 0 .. round + split - 1, in chunks of CHUNK ints.
  private int[][] buckets = new int[0][];
  private int round;
  private int split;

  public ReverseMap(int frames) {
    if (frames <= 0) {
      throw new IllegalArgumentException("frames must be positive: " + frames);
    }
    this.frames = frames;
    this.words = new long[frames];
    this.maxNodes = Integer.MAX_VALUE - frames;
  }

  /** Records that (asid, vpn) maps the frame with a base-page entry. */
  public void add(int frame, int asidValue, long vpnValue) {
    add(frame, asidValue, vpnValue, 0);
  }

  /**
   * Records that (asid, vpn) maps the frame with a leaf at a page-table level: 0 for a base page,
   * higher for a large page (then frame is the head frame and vpn the leaf's first VPN).
   */
  public void add(int frame, int asidValue, long vpnValue, int level) {
    long key = pack(asidValue, vpnValue, level);
    long w = words[frame];
    if (w == EMPTY) {
      words[frame] = key;
    } else if (w > 0) {
      int first = newNode(frame, w);
      int second = newNode(frame, key);
      setInt(first, PREV, second);
      setInt(first, NEXT, second);
      setInt(second, PREV, first);
      setInt(second, NEXT, -1);
      words[frame] = shared(2, first, false);
    } else if ((w & TAG_MASK) == UNTRACKED) {
      if ((w & ~TAG_MASK) == UNTRACKED_MAX) {
        throw new IllegalStateException("frame " + frame + " is mapped too many times");
      }
      words[frame] = w + 1;
    } else {
      int count = sharedCount(w);
      if (count == MAX_SHARED) {
        throw new IllegalStateException("frame " + frame + " is mapped too many times");
      }
      int head = sharedHead(w);
      int tail = getInt(head, PREV);
      int n = newNode(frame, key);
      setInt(tail, NEXT, n);
      setInt(n, PREV, tail);
      setInt(n, NEXT, -1);
      setInt(head, PREV, n);
      boolean hashed = (w & HASHED) != 0;
      if (hashed) {
        hashInsert(n);
      } else if (count + 1 > HASH_ABOVE) {
        for (int m = head; m >= 0; m = getInt(m, NEXT)) {
          hashInsert(m);
        }
        hashed = true;
      }
      words[frame] = shared(count + 1, head, hashed);
    }
  }

  /**
   * Forgets one mapping (base or large); returns false when it was not recorded. For an untracked
   * frame it only lowers the count.
   */
  public boolean remove(int frame, int asidValue, long vpnValue) {
    if (asidValue <= 0 || asidValue > MAX_ASID || vpnValue < 0 || vpnValue > VPN_MASK) {
      return false;
    }
    long match = ((long) asidValue << ASID_SHIFT) | vpnValue;
    long w = words[frame];
    if (w == EMPTY) {
      return false;
    }
    if (w > 0) {
      if ((w & ~LEVEL_MASK) != match) {
        return false;
      }
      words[frame] = EMPTY;
      return true;
    }
    if ((w & TAG_MASK) == UNTRACKED) {
      if ((w & ~TAG_MASK) == 0) {
        return false;
      }
      words[frame] = w - 1;
      return true;
    }
    boolean hashed = (w & HASHED) != 0;
    int head = sharedHead(w);
    int n;
    if (hashed) {
      n = hashRemove(match, frame);
    } else {
      n = head;
      while (n >= 0 && (key(n) & ~LEVEL_MASK) != match) {
        n = getInt(n, NEXT);
      }
    }
    if (n < 0) {
      return false;
    }
    int next = getInt(n, NEXT);
    if (n == head) {
      if (next >= 0) {
        setInt(next, PREV, getInt(n, PREV));
      }
      head = next;
    } else {
      int prev = getInt(n, PREV);
      setInt(prev, NEXT, next);
      if (next >= 0) {
        setInt(next, PREV, prev);
      } else {
        setInt(head, PREV, prev);
      }
    }
    freeNode(n);
    int count = sharedCount(w) - 1;
    if (hashed && count <= UNHASH_AT) {
      for (int m = head; m >= 0; m = getInt(m, NEXT)) {
        hashRemove(key(m) & ~LEVEL_MASK, frame);
      }
      hashed = false;
    }
    if (count == 1) {
      // The survivor goes back inline: a frame mapped once costs one word again.
      words[frame] = key(head);
      freeNode(head);
    } else {
      words[frame] = shared(count, head, hashed);
    }
    return true;
  }

  /**
   * Marks a frame whose mappings nobody will look for (a shared zero page, a guard page): mapping
   * it only counts, so thousands of mappings cost nothing. {@link #first} finds none of them, so
   * operations that work through the reverse map ({@code Machine.unmapEverywhere} and the like)
   * refuse an untracked frame.
   *
   * @throws IllegalStateException when the frame has records
   */
  public void untrack(int frame) {
    long w = words[frame];
    if ((w & TAG_MASK) == UNTRACKED) {
      return;
    }
    if (w != EMPTY) {
      throw new IllegalStateException(
          "frame " + frame + " has " + mapCount(frame) + " reverse-map records; unmap it first");
    }
    words[frame] = UNTRACKED;
  }

  /**
   * Records a frame's mappings again after {@link #untrack}.
   *
   * @throws IllegalStateException when the frame is still mapped
   */
  public void track(int frame) {
    long w = words[frame];
    if ((w & TAG_MASK) != UNTRACKED) {
      return;
    }
    if ((w & ~TAG_MASK) != 0) {
      throw new IllegalStateException(
          "untracked frame " + frame + " is still mapped " + (w & ~TAG_MASK) + " times");
    }
    words[frame] = EMPTY;
  }

  /** Whether mappings of the frame are recorded (true unless {@link #untrack}ed). */
  public boolean isTracked(int frame) {
    return (words[frame] & TAG_MASK) != UNTRACKED;
  }

  /**
   * How many PTEs map the frame (Linux's mapcount, Windows' share count); for an untracked frame,
   * how many mappings were added and not removed. A large leaf counts once, on its head frame.
   */
  public int mapCount(int frame) {
    long w = words[frame];
    if (w == EMPTY) {
      return 0;
    }
    if (w > 0) {
      return 1;
    }
    if ((w & TAG_MASK) == UNTRACKED) {
      return (int) Math.min(Integer.MAX_VALUE, w & ~TAG_MASK);
    }
    return sharedCount(w);
  }

  /** Handle of the frame's oldest mapping, or -1 (none, or the frame is untracked). */
  public int first(int frame) {
    long w = words[frame];
    if (w > 0) {
      return frame;
    }
    if ((w & TAG_MASK) == SHARED) {
      return frames + sharedHead(w);
    }
    return -1;
  }

  /**
   * The frame's one mapping when it has exactly one and it is a base page, packed as {@link
   * #keyAsid} and {@link #keyVpn} read it; -1 otherwise (unmapped, untracked, shared, or a large
   * leaf). One load: the fast path of the machine's frame-wide operations, which then go straight
   * to the PTE instead of iterating by handle.
   */
  public long soleMapping(int frame) {
    long w = words[frame];
    return w > 0 && (w & LEVEL_MASK) == 0 ? w : -1;
  }

  /** The ASID of a {@link #soleMapping} key. */
  public static int keyAsid(long key) {
    return (int) (key >>> ASID_SHIFT);
  }

  /** The VPN of a {@link #soleMapping} key. */
  public static long keyVpn(long key) {
    return key & VPN_MASK;
  }

  /** Handle of the mapping after this one, or -1. */
  public int next(int handle) {
    if (handle < frames) {
      return -1;
    }
    int n = getInt(handle - frames, NEXT);
    return n < 0 ? -1 : frames + n;
  }

  public int asid(int handle) {
    return (int) (keyOf(handle) >>> ASID_SHIFT);
  }

  public long vpn(int handle) {
    return keyOf(handle) & VPN_MASK;
  }

  /** Page-table level of the mapping: 0 for a base page, higher for a large leaf. */
  public int level(int handle) {
    return (int) ((keyOf(handle) & LEVEL_MASK) >>> LEVEL_SHIFT);
  }

  /** Overflow nodes in use: one per mapping of every frame mapped more than once. */
  public int overflowNodes() {
    return liveNodes;
  }

  /**
   * Bytes of the arrays this map holds (8 a frame, plus the overflow chunks and hash buckets
   * allocated so far), counted from their lengths with 16-byte array headers; for capacity figures
   * in docs/performance.md.
   */
  public long footprintBytes() {
    long bytes = Footprint.of(words) + Footprint.refs(keys) + Footprint.refs(ints);
    for (long[] k : keys) {
      bytes += Footprint.of(k);
    }
    for (int[] i : ints) {
      bytes += Footprint.of(i);
    }
    bytes += Footprint.refs(buckets);
    for (int[] b : buckets) {
      bytes += Footprint.of(b);
    }
    return bytes;
  }

  private long keyOf(int handle) {
    return handle < frames ? words[handle] : key(handle - frames);
  }

  private static long pack(int asidValue, long vpnValue, int level) {
    if (asidValue <= 0 || asidValue > MAX_ASID) {
      throw new IllegalArgumentException(
          "asid " + asidValue + " is outside 1.." + MAX_ASID + " for the reverse map");
    }
    if (vpnValue < 0 || vpnValue > VPN_MASK) {
      throw new IllegalArgumentException(
          "vpn " + vpnValue + " does not fit in " + VPN_BITS + " bits for the reverse map");
    }
    if (level < 0 || level > 3) {
      throw new IllegalArgumentException("page-table level must be 0..3: " + level);
    }
    return ((long) asidValue << ASID_SHIFT) | ((long) level << LEVEL_SHIFT) | vpnValue;
  }

  private static long shared(int count, int head, boolean hashed) {
    return SHARED | (hashed ? HASHED : 0) | ((long) count << 31) | head;
  }

  private static int sharedCount(long w) {
    return (int) ((w >>> 31) & MAX_SHARED);
  }

  private static int sharedHead(long w) {
    return (int) (w & LOW31);
  }

  // ---- overflow nodes ----

  private long key(int n) {
    return keys[n >>> CHUNK_SHIFT][n & CHUNK_MASK];
  }

  private int getInt(int n, int field) {
    return ints[n >>> CHUNK_SHIFT][(n & CHUNK_MASK) * INTS + field];
  }

  private void setInt(int n, int field, int value) {
    ints[n >>> CHUNK_SHIFT][(n & CHUNK_MASK) * INTS + field] = value;
  }

  private int newNode(int frame, long key) {
    int n;
    if (freeNode >= 0) {
      n = freeNode;
      freeNode = getInt(n, NEXT);
    } else {
      if (nodes == maxNodes) {
        throw new IllegalStateException("the reverse map holds " + nodes + " shared mappings");
      }
      n = nodes++;
      int chunk = n >>> CHUNK_SHIFT;
      if (chunk == keys.length) {
        keys = Arrays.copyOf(keys, chunk + 1 + (chunk >> 1));
        ints = Arrays.copyOf(ints, keys.length);
      }
      if (keys[chunk] == null) {
        keys[chunk] = new long[CHUNK];
        ints[chunk] = new int[CHUNK * INTS];
      }
    }
    keys[n >>> CHUNK_SHIFT][n & CHUNK_MASK] = key;
    setInt(n, FRAME, frame);
    liveNodes++;
    return n;
  }

  private void freeNode(int n) {
    setInt(n, NEXT, freeNode);
    freeNode = n;
    liveNodes--;
  }

  // ---- hash index of overflow nodes on (asid, vpn), linear hashing ----

  /**
   * Keeps the low 6 bits of the VPN, so 64 neighbouring pages of one address space land in
   * neighbouring buckets (an exit or a sequential sweep stays in cache), and mixes the rest of the
   * VPN with the ASID (murmur3's finalizer) so strides and one VPN in many address spaces spread.
   */
  private static int hash(long match) {
    long z = match >>> 6;
    z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
    z ^= z >>> 33;
    return (int) (z << 6) | (int) (match & 63);
  }

  private int bucketOf(int h) {
    int b = h & (round - 1);
    return b < split ? h & (2 * round - 1) : b;
  }

  private int bucket(int b) {
    return buckets[b >>> CHUNK_SHIFT][b & CHUNK_MASK];
  }

  private void setBucket(int b, int node) {
    buckets[b >>> CHUNK_SHIFT][b & CHUNK_MASK] = node;
  }

  private void hashInsert(int n) {
    if (round == 0) {
      round = CHUNK;
      addBucketChunk(0);
    } else if (hashedNodes >= round + split) {
      splitOneBucket();
    }
    hashedNodes++;
    int b = bucketOf(hash(key(n) & ~LEVEL_MASK));
    setInt(n, HNEXT, bucket(b));
    setBucket(b, n);
  }

  /** Unlinks and returns the node recording (match, frame), or -1. */
  private int hashRemove(long match, int frame) {
    if (round == 0) {
      return -1;
    }
    int b = bucketOf(hash(match));
    int prev = -1;
    for (int n = bucket(b); n >= 0; n = getInt(n, HNEXT)) {
      if ((key(n) & ~LEVEL_MASK) == match && getInt(n, FRAME) == frame) {
        if (prev < 0) {
          setBucket(b, getInt(n, HNEXT));
        } else {
          setInt(prev, HNEXT, getInt(n, HNEXT));
        }
        hashedNodes--;
        return n;
      }
      prev = n;
    }
    return -1;
  }

  /** Grows the index by one bucket: splits bucket {@code split} into it and {@code split+round}. */
  private void splitOneBucket() {
    int from = split;
    int to = split + round;
    if ((to >>> CHUNK_SHIFT) >= buckets.length || buckets[to >>> CHUNK_SHIFT] == null) {
      addBucketChunk(to >>> CHUNK_SHIFT);
    }
    int mask = 2 * round - 1;
    int stay = -1;
    int move = -1;
    for (int n = bucket(from); n >= 0; ) {
      int next = getInt(n, HNEXT);
      if ((hash(key(n) & ~LEVEL_MASK) & mask) == to) {
        setInt(n, HNEXT, move);
        move = n;
      } else {
        setInt(n, HNEXT, stay);
        stay = n;
      }
      n = next;
    }
    setBucket(from, stay);
    setBucket(to, move);
    if (++split == round) {
      round *= 2;
      split = 0;
    }
  }

  private void addBucketChunk(int chunk) {
    if (chunk >= buckets.length) {
      buckets = Arrays.copyOf(buckets, chunk + 1 + (chunk >> 1));
    }
    int[] b = new int[CHUNK];
    Arrays.fill(b, -1);
    buckets[chunk] = b;
  }
}
