package org.vmcompare.os;

import java.util.Objects;
import org.vmcompare.vm.AddressSpace;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * Regions in address spaces, built the one way every model builds them: private anonymous memory
 * with its own object, an existing object (named shared memory, a file) mapped shared or private, a
 * parent's region copied into a child, and a region torn down.
 *
 * <p>It is bookkeeping every OS does alike, kept in one place so the models do not each repeat it:
 * reference counts follow the regions, and new regions are placed first-fit from {@link
 * AddressSpace#MMAP_BASE}, so every model lays a workload out at the same addresses. It decides
 * nothing an OS decides: it touches no frame, page-table entry, swap slot or commit charge, and
 * leaves to the model what a region's pages hold, whether a mapping is allowed, and whether an
 * object nothing references any more dies ({@link Kernel#forget}).
 *
 * <p>The objects come from the {@link Kernel}: {@link Kernel#newObject}, {@link
 * Kernel#sharedObject}, {@link Kernel#fileObject}.
 */
public final class Mappings {
  private final Kernel kernel;

  public Mappings(Kernel kernel) {
    this.kernel = Objects.requireNonNull(kernel, "kernel is null");
  }

  /**
   * Private anonymous memory (mmap of MAP_PRIVATE|MAP_ANONYMOUS, VirtualAlloc, mach_vm_allocate): a
   * new {@link MemoryObject.Kind#ANONYMOUS ANONYMOUS} object of {@code pages} pages named {@code
   * label}, mapped from its first page by a {@link Region.Sharing#PRIVATE PRIVATE} region at the
   * first free address, with {@code protection} as its current and maximum protection.
   *
   * @return the region, its object referenced once; null when no free range is large enough (the
   *     model's ENOMEM)
   */
  public Region allocate(AddressSpace space, String label, long pages, Protection protection) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(protection, "protection is null");
    if (pages <= 0) {
      throw new IllegalArgumentException("a region needs at least one page: " + pages);
    }
    long start = space.findFree(pages, 1);
    if (start < 0) {
      return null;
    }
    MemoryObject obj = kernel.newObject(MemoryObject.Kind.ANONYMOUS, label, pages, null);
    return insert(
        space,
        new Region(label, start, pages, protection, protection, obj, 0, Region.Sharing.PRIVATE));
  }

  /**
   * Maps {@code pages} pages of an existing object, from its page {@code objectOffset}, at the
   * first free address (mmap of a file or of shared memory, MapViewOfFile, vm_map of a named
   * entry). {@code sharing} says whether writes reach the object ({@link Region.Sharing#SHARED
   * SHARED}) or are the model's to copy ({@link Region.Sharing#PRIVATE PRIVATE}).
   *
   * @return the region, holding one more reference to {@code object}; null when no free range is
   *     large enough
   */
  public Region map(
      AddressSpace space,
      String label,
      MemoryObject object,
      long objectOffset,
      long pages,
      Protection protection,
      Protection maxProtection,
      Region.Sharing sharing) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(object, "object is null");
    if (objectOffset < 0) {
      throw new IllegalArgumentException("negative object offset " + objectOffset);
    }
    long start = space.findFree(pages, 1);
    if (start < 0) {
      return null;
    }
    return insert(
        space,
        new Region(label, start, pages, protection, maxProtection, object, objectOffset, sharing));
  }

  /**
   * fork's copy of one map entry: a region in {@code target} with {@code source}'s label, address,
   * size, protections and sharing, mapping {@code object} from {@code objectOffset} — {@code
   * source}'s own object and offset to share it (copy-on-write or shared memory), or a new object
   * (a shadow, an eager copy). The model's flags ({@link Region#needsCopy}, model state) are not
   * copied: they are the model's to set.
   *
   * @return the region, holding one more reference to {@code object}
   * @throws IllegalArgumentException when the range is not free in {@code target}
   */
  public Region copy(Region source, AddressSpace target, MemoryObject object, long objectOffset) {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(target, "target is null");
    Objects.requireNonNull(object, "object is null");
    return insert(
        target,
        new Region(
            source.label(),
            source.startVpn(),
            source.pages(),
            source.protection(),
            source.maxProtection(),
            object,
            objectOffset,
            source.sharing()));
  }

  /**
   * Takes a region out of its address space and drops its reference to its object (munmap,
   * VirtualFree with MEM_RELEASE, mach_vm_deallocate, and each region at exit). The region's pages
   * are the model's to have released first; the object stays known to the {@link Kernel} until the
   * model forgets it.
   *
   * @return the references to the region's object left, 0 when this was the last (or the region had
   *     no object)
   * @throws IllegalArgumentException when the region is not in {@code space}
   */
  public int unmap(AddressSpace space, Region region) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(region, "region is null");
    space.remove(region);
    MemoryObject obj = region.object();
    return obj == null ? 0 : obj.unref();
  }

  private static Region insert(AddressSpace space, Region region) {
    space.add(region);
    region.object().ref();
    return region;
  }
}
