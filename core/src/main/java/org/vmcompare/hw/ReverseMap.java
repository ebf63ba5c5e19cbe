package org.vmcompare.hw;

import java.util.Arrays;

/**
 * Frame → every (address space, VPN) that maps it: Linux's rmap, the PFN database's share count and
 * PTE back-pointers on Windows, XNU's pmap pv lists.
 *
 * <p>Policies use it to read accessed bits and to unmap a page everywhere before reusing its frame,
 * as the real kernels do. Nodes live in a pooled struct-of-arrays; iteration is by node index
 * ({@link #first}, {@link #next}) so it allocates nothing.
 */
public final class ReverseMap {
  private final int[] head;
  private final int[] count;
  private int[] next = new int[1024];
  private int[] asid = new int[1024];
  private long[] vpn = new long[1024];
  private int used;
  private int freeList = -1;

  public ReverseMap(int frames) {
    head = new int[frames];
    count = new int[frames];
    Arrays.fill(head, -1);
  }

  /** Records that (asid, vpn) maps the frame. */
  public void add(int frame, int asidValue, long vpnValue) {
    int node;
    if (freeList >= 0) {
      node = freeList;
      freeList = next[node];
    } else {
      node = used++;
      if (node == next.length) {
        int n = next.length * 2;
        next = Arrays.copyOf(next, n);
        asid = Arrays.copyOf(asid, n);
        vpn = Arrays.copyOf(vpn, n);
      }
    }
    asid[node] = asidValue;
    vpn[node] = vpnValue;
    next[node] = head[frame];
    head[frame] = node;
    count[frame]++;
  }

  /** Forgets one mapping; returns false when it was not recorded. */
  public boolean remove(int frame, int asidValue, long vpnValue) {
    int prev = -1;
    for (int n = head[frame]; n >= 0; n = next[n]) {
      if (asid[n] == asidValue && vpn[n] == vpnValue) {
        if (prev < 0) {
          head[frame] = next[n];
        } else {
          next[prev] = next[n];
        }
        next[n] = freeList;
        freeList = n;
        count[frame]--;
        return true;
      }
      prev = n;
    }
    return false;
  }

  /** How many PTEs map the frame (Linux's mapcount, Windows' share count). */
  public int mapCount(int frame) {
    return count[frame];
  }

  public int first(int frame) {
    return head[frame];
  }

  public int next(int node) {
    return next[node];
  }

  public int asid(int node) {
    return asid[node];
  }

  public long vpn(int node) {
    return vpn[node];
  }
}
