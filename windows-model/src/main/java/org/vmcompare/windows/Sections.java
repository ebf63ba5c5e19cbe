package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * Sections of shared memory (CreateFileMapping(INVALID_HANDLE_VALUE) and OpenFileMapping by name,
 * then MapViewOfFile) and the lifetime of every section but a file's: a pagefile-backed section is
 * charged in full when created and lives while a process holds a handle to it or a view of it; a
 * clone prototype (fork) lives while a view of it, or a younger clone, does. When the last goes,
 * the section's pages go to the Free list, its pagefile copies are released and its charge
 * returned.
 */
final class Sections {
  private final Nt nt;
  private final PageLists pfn;
  private final Commit commit;
  private final Mappings mappings;
  private final List<Section> handled = new ArrayList<>();

  Sections(Nt nt, PageLists pfn, Commit commit) {
    this.nt = nt;
    this.pfn = pfn;
    this.commit = commit;
    this.mappings = new Mappings(nt.kernel);
  }

  /**
   * CreateFileMapping (or OpenFileMapping without {@code create}) of a named pagefile-backed
   * section, then MapViewOfFile of it: the view maps the one section, so every process's view
   * shares its pages. A new section is charged for its whole size; an existing one is opened as it
   * is (Windows returns it with ERROR_ALREADY_EXISTS).
   */
  Outcome share(Proc p, Op.Share op) {
    MemoryObject obj = nt.kernel.findSharedObject(op.sharedName());
    Section s = obj == null ? null : Section.of(obj);
    if (s == null) {
      if (!op.create()) {
        return Outcome.failed(
            "ERROR_FILE_NOT_FOUND", "OpenFileMapping: no section named '" + op.sharedName() + "'");
      }
      if (op.pages() <= 0) {
        return Outcome.failed(
            "ERROR_INVALID_PARAMETER",
            "CreateFileMapping of the new section '" + op.sharedName() + "' needs a size");
      }
      if (!commit.charge(null, op.pages())) {
        return VirtualMemory.commitLimit(commit, op.pages());
      }
      obj = nt.kernel.sharedObject(op.sharedName(), op.pages());
      s = Section.create(obj, Section.Kind.PAGEFILE, null);
      s.charged = op.pages();
      handled.add(s);
    }
    s.handles.add(p.pid());
    long size = op.pages() > 0 ? op.pages() : obj.pages();
    if (size > obj.pages()) {
      return Outcome.failed(
          "ERROR_INVALID_PARAMETER",
          "MapViewOfFile: a view of "
              + size
              + " pages of section '"
              + op.sharedName()
              + "', which has "
              + obj.pages());
    }
    Protection prot = op.protection() == null ? Protection.READ_WRITE : op.protection();
    Region r =
        mappings.map(
            p.space(),
            op.label(),
            obj,
            0,
            size,
            prot,
            new Protection(true, true, true),
            Region.Sharing.SHARED);
    if (r == null) {
      return Outcome.failed(
          "ERROR_NOT_ENOUGH_MEMORY", "no room in the address space for " + size + " pages");
    }
    RegionState.committed(r, 0).viewType = "Shareable";
    return Outcome.ok(r.startVpn() << nt.pageShift);
  }

  /** A region was unmapped and this was its object's last reference (VirtualFree, rundown). */
  void lastViewGone(MemoryObject obj) {
    Section s = Section.of(obj);
    if (s == null) {
      nt.kernel.forget(obj); // private memory: its pages are already free
    } else {
      maybeDelete(s);
    }
  }

  /** Process rundown closes the process's handles to sections. */
  void closeHandles(Proc p) {
    for (Section s : new ArrayList<>(handled)) {
      if (s.handles.remove(p.pid())) {
        maybeDelete(s);
      }
    }
  }

  private void maybeDelete(Section s) {
    if (s.kind == Section.Kind.FILE || s.object.refCount() > 0 || !s.handles.isEmpty()) {
      return; // a file's section stays: its pages stay cached on Standby
    }
    s.forEach(
        (page, entry) -> {
          if (entry > 0) {
            pfn.free((int) (entry - 1)); // on a list: no working set holds it any more
          } else {
            nt.pagefile.release((int) (-entry - 1));
          }
        });
    commit.uncharge(null, s.charged);
    handled.remove(s);
    nt.kernel.forget(s.object);
    nt.wakeWaiters(); // its pages went to Free
    if (s.parent != null && s.parent.object.unref() == 0) {
      maybeDelete(s.parent);
    }
  }

  /**
   * One user of a clone's page lets go of it (a copy-on-write copy, a discard, an unmap): at no
   * users left the page is freed, or, when the clone only passed it on from an older clone, the
   * clone lets go of the older one's page in turn.
   */
  void unuse(Section s, long page) {
    while (s != null && s.kind == Section.Kind.CLONE) {
      long left = s.users(page) - 1;
      if (left < 0) {
        return; // the page was never the clone's to count (demand-zero in both)
      }
      s.setUsers(page, left);
      if (left > 0) {
        return;
      }
      int f = s.frame(page);
      int slot = s.slot(page);
      if (f >= 0 || slot >= 0) {
        s.clear(page);
        if (f >= 0) {
          pfn.free(f);
        } else {
          nt.pagefile.release(slot);
        }
        return;
      }
      s = s.parent;
    }
  }

  /** Pagefile-backed sections alive, for the views. */
  List<Section> live() {
    return List.copyOf(handled);
  }
}
