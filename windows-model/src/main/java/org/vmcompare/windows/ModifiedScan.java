package org.vmcompare.windows;

/**
 * The Modified list read once, oldest first, split by where each page goes: to its mapped file or
 * to the pagefile (the WRK keeps the split as MmTotalPagesForPagingFile within the list's total).
 * One writer run walks both halves in list order and asks for the next page of a kind that is still
 * on Modified, so a run costs one pass over the list however many clusters it writes.
 */
final class ModifiedScan {
  private final int[] files;
  private final int[] pagefile;
  private int nextFile;
  private int nextPagefile;
  private final int fileCount;
  private final int pagefileCount;
  private int filesLeft;
  private int pagefileLeft;

  ModifiedScan(PageLists pfn) {
    int size = pfn.size(PageLists.MODIFIED);
    files = new int[size];
    pagefile = new int[size];
    for (int f = pfn.lists.head(PageLists.MODIFIED); f >= 0; f = pfn.lists.next(f)) {
      if (pfn.mappedFile(f)) {
        files[filesLeft++] = f;
      } else {
        pagefile[pagefileLeft++] = f;
      }
    }
    fileCount = filesLeft;
    pagefileCount = pagefileLeft;
  }

  /** File pages not yet written by this run. */
  int files() {
    return filesLeft;
  }

  /** Pagefile-bound pages not yet written by this run. */
  int pagefile() {
    return pagefileLeft;
  }

  /** The oldest file page still on Modified, or -1. */
  int nextFile(PageLists pfn) {
    while (nextFile < fileCount) {
      int f = files[nextFile++];
      if (pfn.listOf(f) == PageLists.MODIFIED) {
        return f;
      }
    }
    return -1;
  }

  /** The oldest pagefile-bound page still on Modified, or -1. */
  int nextPagefile(PageLists pfn) {
    while (nextPagefile < pagefileCount) {
      int f = pagefile[nextPagefile++];
      if (pfn.listOf(f) == PageLists.MODIFIED) {
        return f;
      }
    }
    return -1;
  }

  /** {@code n} file pages were written (the head and its cluster). */
  void wroteFiles(int n) {
    filesLeft = Math.max(0, filesLeft - n);
  }

  void wrotePagefile(int n) {
    pagefileLeft = Math.max(0, pagefileLeft - n);
  }
}
