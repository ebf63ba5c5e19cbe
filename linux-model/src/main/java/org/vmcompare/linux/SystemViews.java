package org.vmcompare.linux;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * System-wide /proc files, in the kernel's text shape: /proc/zoneinfo (the one zone's free pages
 * and watermarks) and /proc/sys/vm/min_free_kbytes.
 */
final class SystemViews {
  private final Mm mm;
  private final Lru lru;
  private final Watermarks marks;

  SystemViews(Mm mm, Lru lru, Watermarks marks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
  }

  void addTo(Map<String, String> views) {
    views.put("proc/zoneinfo", zoneinfo());
    views.put("proc/sys/vm/min_free_kbytes", marks.minFreeKbytes() + "\n");
  }

  /** zoneinfo_show_print's first lines, for the model's single zone. */
  private String zoneinfo() {
    StringBuilder sb = new StringBuilder();
    sb.append("Node 0, zone   Normal\n");
    sb.append(String.format(Locale.ROOT, "  pages free     %d\n", lru.free()));
    line(sb, "boost", 0);
    line(sb, "min", marks.min());
    line(sb, "low", marks.low());
    line(sb, "high", marks.high());
    line(sb, "spanned", mm.memory.frames());
    line(sb, "present", mm.memory.frames());
    line(sb, "managed", mm.managedPages());
    return sb.toString();
  }

  private static void line(StringBuilder sb, String name, long value) {
    sb.append(String.format(Locale.ROOT, "        %-8s %d\n", name, value));
  }
}
