package org.vmcompare.textbook;

import org.vmcompare.util.LongLinkedHashSet;

/**
 * First in, first out: evicts the page loaded longest ago, whatever its use. The policy that shows
 * Belady's anomaly (more frames, more misses). A hit changes nothing.
 */
final class FifoPolicy extends LinkedSetPolicy {
  FifoPolicy(int frames) {
    super(frames);
  }

  @Override
  void onHit(LongLinkedHashSet set, int index) {}

  @Override
  public String name() {
    return "FIFO";
  }
}
