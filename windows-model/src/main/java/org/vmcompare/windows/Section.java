package org.vmcompare.windows;

import java.util.HashMap;
import java.util.Map;
import org.vmcompare.state.StateKey;
import org.vmcompare.vm.MemoryObject;

/**
 * A mapped file's section: its control area's prototype PTEs, reduced to which frame holds each
 * file page (valid in one or more working sets, on Standby, or being read). The section lives with
 * the file's one {@link MemoryObject}, so it outlives every view and process: a later mapping finds
 * the pages an exited process left on Standby.
 */
final class Section {
  static final StateKey<Section> KEY = StateKey.of("windows.section", Section.class);

  private final Map<Long, Integer> frames = new HashMap<>();

  static Section of(MemoryObject file) {
    Section s = file.modelState().get(KEY);
    if (s == null) {
      s = new Section();
      file.modelState().put(KEY, s);
    }
    return s;
  }

  /** The frame holding file page {@code page}, or -1 (the page must be read from the file). */
  int frame(long page) {
    Integer f = frames.get(page);
    return f == null ? -1 : f;
  }

  void set(long page, int frame) {
    frames.put(page, frame);
  }

  /** The page's frame was repurposed: the prototype PTE points at the file again. */
  void drop(long page) {
    frames.remove(page);
  }
}
