package org.vmcompare.textbook;

import org.vmcompare.util.LongLinkedHashSet;

/**
 * Exact least recently used: every reference moves its page to the newest end, and the oldest is
 * evicted. A stack algorithm, so it cannot show Belady's anomaly.
 */
final class LruPolicy extends LinkedSetPolicy {
  LruPolicy(int frames) {
    super(frames);
  }

  @Override
  void onHit(LongLinkedHashSet set, int index) {
    set.moveToLast(index);
  }

  @Override
  public String name() {
    return "LRU";
  }
}
