package org.vmcompare.windows;

import java.util.List;
import java.util.Map;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * The views Windows users read: RAMMap's use counts by list (Standby by priority), Task Manager's
 * memory summary, and VMMap's per-process summary by region type.
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
    long privateActive = 0;
    for (Proc p : processes) {
      if (p.alive()) {
        WorkingSet ws = p.modelState().get(WorkingSet.KEY);
        privateActive += ws == null ? 0 : ws.privatePages;
        tables += p.space().pageTable().tablePages();
      }
    }
    long onLists = 0;
    for (int list = PageLists.ZEROED; list <= PageLists.TRANSITION; list++) {
      onLists += pfn.size(list);
    }
    long mappedFile = 0;
    long shareable = 0;
    for (int f = nt.memory.kernelFrames(); f < nt.memory.frames(); f++) {
      if (pfn.section(f)) {
        switch (pfn.sectionOf(f).kind) {
          case FILE -> mappedFile++;
          case PAGEFILE -> shareable++;
          case CLONE -> privateActive++; // a forked process's private page, shared copy-on-write
        }
      }
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
    sb.append(String.format("%nBy use%n"));
    row(sb, "Process Private", privateActive);
    row(sb, "Mapped File", mappedFile);
    row(sb, "Shareable", shareable);
    row(sb, "Page Table", tables);
    return sb.toString();
  }

  private void row(StringBuilder sb, String name, long pages) {
    sb.append(String.format("%-18s %14s%n", name, kb(pages)));
  }

  private String taskmgr() {
    long available = pfn.available();
    long standby = pfn.standby();
    long inUse = nt.memory.usableFrames() - available;
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
