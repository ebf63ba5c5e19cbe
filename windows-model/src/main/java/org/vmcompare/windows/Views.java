package org.vmcompare.windows;

import java.util.List;
import java.util.Map;
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
    long active = 0;
    long tables = 0;
    for (Proc p : processes) {
      if (p.alive()) {
        WorkingSet ws = p.modelState().get(WorkingSet.KEY);
        active += ws == null ? 0 : ws.size();
        tables += p.space().pageTable().tablePages();
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-18s %14s%n", "Use Counts", "Total"));
    row(sb, "Active", active);
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
    row(sb, "Process Private", active);
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
    long size = 0;
    long committed = 0;
    long ws = 0;
    for (Region r : p.space().regions()) {
      size += r.pages();
      RegionState s = RegionState.of(r);
      committed += s.committedPages == null ? r.pages() : s.charged;
      long[] valid = {0};
      p.space()
          .pageTable()
          .forEachLeaf(
              r.startVpn(), r.pages(), (vpn, level, pte) -> valid[0] += Pte.present(pte) ? 1 : 0);
      ws += valid[0];
    }
    long tables = p.space().pageTable().tablePages();
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
    vrow(sb, "Total", size + tables, committed + tables, committed + tables, ws, ws);
    vrow(sb, "Image", 0, 0, 0, 0, 0);
    vrow(sb, "Mapped File", 0, 0, 0, 0, 0);
    vrow(sb, "Shareable", 0, 0, 0, 0, 0);
    vrow(sb, "Private Data", size, committed, committed, ws, ws);
    vrow(sb, "Page Table", tables, tables, tables, 0, 0);
    return sb.toString();
  }

  private void vrow(
      StringBuilder sb, String type, long size, long committed, long priv, long ws, long pws) {
    sb.append(
        String.format(
            "%-14s %12s %12s %12s %12s %12s %12s %12s%n",
            type, kb(size), kb(committed), kb(priv), kb(ws), kb(pws), kb(0), kb(0)));
  }
}
