package org.vmcompare.windows;

import java.util.List;
import java.util.Map;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * The views Windows users read: RAMMap's use counts by list (Standby by priority) and by use (each
 * use split by list, so the file cache's Standby is the Mapped File row's), Task Manager's memory
 * summary, and VMMap's per-process summary by region type.
 */
final class Views {
  private final Nt nt;
  private final PageLists pfn;
  private final Commit commit;

  Views(Nt nt, PageLists pfn, Commit commit) {
    this.nt = nt;
    this.pfn = pfn;
    this.commit = commit;
  }

  void addTo(Map<String, String> out, List<Proc> processes) {
    out.put("rammap", rammap(processes));
    out.put("taskmgr", taskmgr());
    for (Proc p : processes) {
      if (p.alive()) {
        out.put("vmmap/" + p.pid(), vmmap(p));
      }
    }
  }

  private String kb(long pages) {
    return String.format("%,d K", pages * nt.pageSize / 1024);
  }

  private String rammap(List<Proc> processes) {
    long tables = 0;
    for (Proc p : processes) {
      if (p.alive()) {
        tables += p.space().pageTable().tablePages();
      }
    }
    long onLists = 0;
    for (int list = PageLists.ZEROED; list <= PageLists.TRANSITION; list++) {
      onLists += pfn.size(list);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-18s %14s%n", "Use Counts", "Total"));
    row(sb, "Active", nt.memory.usableFrames() - onLists);
    for (int pr = 0; pr < 8; pr++) {
      row(sb, "Standby (" + pr + ")", pfn.size(PageLists.STANDBY0 + pr));
    }
    row(sb, "Standby", pfn.standby());
    row(sb, "Modified", pfn.size(PageLists.MODIFIED));
    row(sb, "Modified no write", pfn.size(PageLists.MODIFIED_NO_WRITE));
    row(sb, "Transition", pfn.size(PageLists.TRANSITION));
    row(sb, "Zeroed", pfn.size(PageLists.ZEROED));
    row(sb, "Free", pfn.size(PageLists.FREE));
    row(sb, "Bad", pfn.size(PageLists.BAD));
    row(sb, "Total", nt.memory.usableFrames());
    byUse(sb, tables);
    return sb.toString();
  }

  /**
   * RAMMap's Use Counts table: a row per use (what the model has: Process Private, Mapped File —
   * images, views and the system cache, whose Standby is the file cache's — Page Table, Unused),
   * columns Total, Active, Standby, Modified, Modified no write, Transition, Zeroed, Free, Bad.
   */
  private void byUse(StringBuilder sb, long tables) {
    long[] priv = new long[USE_COLUMNS.length];
    long[] mapped = new long[USE_COLUMNS.length];
    long[] shareable = new long[USE_COLUMNS.length];
    long[] unused = new long[USE_COLUMNS.length];
    for (int f = nt.memory.kernelFrames(); f < nt.memory.frames(); f++) {
      int list = pfn.listOf(f);
      int col =
          switch (list) {
            case FrameLists.NONE -> 1;
            case PageLists.MODIFIED -> 3;
            case PageLists.MODIFIED_NO_WRITE -> 4;
            case PageLists.TRANSITION -> 5;
            case PageLists.ZEROED -> 6;
            case PageLists.FREE -> 7;
            case PageLists.BAD -> 8;
            default -> 2; // a Standby list
          };
      long[] use =
          col >= 6
              ? unused
              : !pfn.section(f) ? priv : use(pfn.sectionOf(f), priv, mapped, shareable);
      use[0]++;
      use[col]++;
    }
    long[] pageTable = new long[USE_COLUMNS.length];
    pageTable[0] = tables;
    pageTable[1] = tables;
    StringBuilder header = new StringBuilder(String.format("%n%-18s", "By use"));
    for (String c : USE_COLUMNS) {
      header.append(String.format(" %17s", c));
    }
    sb.append(header).append(String.format("%n"));
    useRow(sb, "Process Private", priv);
    useRow(sb, "Mapped File", mapped);
    useRow(sb, "Shareable", shareable);
    useRow(sb, "Page Table", pageTable);
    useRow(sb, "Unused", unused);
  }

  /**
   * RAMMap's use of a section page: a file's is Mapped File, shared memory's Shareable, and a clone
   * prototype's (a forked process's private page, shared copy-on-write) Process Private.
   */
  private static long[] use(Section s, long[] priv, long[] mapped, long[] shareable) {
    return switch (s.kind) {
      case FILE -> mapped;
      case PAGEFILE -> shareable;
      case CLONE -> priv;
    };
  }

  private static final String[] USE_COLUMNS = {
    "Total",
    "Active",
    "Standby",
    "Modified",
    "Modified no write",
    "Transition",
    "Zeroed",
    "Free",
    "Bad"
  };

  private void useRow(StringBuilder sb, String name, long[] pages) {
    sb.append(String.format("%-18s", name));
    for (long n : pages) {
      sb.append(String.format(" %17s", kb(n)));
    }
    sb.append(String.format("%n"));
  }

  private void row(StringBuilder sb, String name, long pages) {
    sb.append(String.format("%-18s %14s%n", name, kb(pages)));
  }

  private String taskmgr() {
    long available = pfn.available();
    long standby = pfn.standby();
    // Task Manager's composition bar: In use, Modified, Standby, Free; so In use is neither
    long inUse = nt.memory.usableFrames() - available - pfn.size(PageLists.MODIFIED);
    return String.format(
        "In use          %s%nAvailable       %s%nCommitted       %s / %s%nCached          %s%n"
            + "Modified        %s%nFree            %s%n",
        kb(inUse),
        kb(available),
        kb(commit.committed()),
        kb(commit.limit()),
        kb(standby + pfn.size(PageLists.MODIFIED)),
        kb(pfn.size(PageLists.MODIFIED)),
        kb(pfn.size(PageLists.FREE) + pfn.size(PageLists.ZEROED)));
  }

  private String vmmap(Proc p) {
    // per type: Size, Committed, Private, Total WS, Private WS, Shareable WS, Shared WS
    long[] total = new long[7];
    long[] image = new long[7];
    long[] mapped = new long[7];
    long[] data = new long[7];
    long[] shareable = new long[7];
    PageTable pt = p.space().pageTable();
    for (Region r : p.space().regions()) {
      RegionState s = RegionState.of(r);
      long[] row =
          s.viewType == null
              ? data
              : switch (s.viewType) {
                case "Image" -> image;
                case "Shareable" -> shareable;
                default -> mapped;
              };
      long committed = s.committedPages == null ? r.pages() : s.charged;
      long[] ws = new long[3]; // valid, valid section pages, section pages shared
      pt.forEachLeaf(
          r.startVpn(),
          r.pages(),
          (vpn, level, pte) -> {
            if (Pte.present(pte)) {
              int f = (int) Pte.frame(pte);
              ws[0]++;
              if (pfn.section(f)) {
                ws[1]++;
                ws[2] += pfn.shares(f) > 1 ? 1 : 0;
              }
            }
          });
      long[] add = {
        r.pages(), committed, s.viewType == null ? committed : 0, ws[0], ws[0] - ws[1], ws[1], ws[2]
      };
      for (int i = 0; i < 7; i++) {
        row[i] += add[i];
        total[i] += add[i];
      }
    }
    long tables = pt.tablePages();
    long[] pageTable = {tables, tables, tables, 0, 0, 0, 0};
    for (int i = 0; i < 3; i++) {
      total[i] += tables;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%s (%d)%n%-14s %12s %12s %12s %12s %12s %12s %12s%n",
            p.name(),
            p.pid(),
            "Type",
            "Size",
            "Committed",
            "Private",
            "Total WS",
            "Private WS",
            "Shareable WS",
            "Shared WS"));
    vrow(sb, "Total", total);
    vrow(sb, "Image", image);
    vrow(sb, "Mapped File", mapped);
    vrow(sb, "Shareable", shareable);
    vrow(sb, "Private Data", data);
    vrow(sb, "Page Table", pageTable);
    return sb.toString();
  }

  private void vrow(StringBuilder sb, String type, long[] v) {
    sb.append(
        String.format(
            "%-14s %12s %12s %12s %12s %12s %12s %12s%n",
            type, kb(v[0]), kb(v[1]), kb(v[2]), kb(v[3]), kb(v[4]), kb(v[5]), kb(v[6])));
  }
}
