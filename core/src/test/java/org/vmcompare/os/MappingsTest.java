package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.AddressSpace;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;

final class MappingsTest {
  private final Machine machine = new Machine(MachineSpec.of(16L << 20, 0));
  private final Kernel kernel =
      new Kernel(
          machine,
          new EventQueue(machine.clock()),
          new Metrics(),
          new RunInfo("test", "test", 1, Map.of()));
  private final Mappings mappings = new Mappings(kernel);
  private int nextAsid = 1;

  private AddressSpace space() {
    return new AddressSpace(machine.pageTables().create(nextAsid++));
  }

  private static long base(AddressSpace space) {
    return space.findFree(1, 1);
  }

  @Test
  void allocate_emptySpace_placesAPrivateRegionOverANewReferencedObject() {
    AddressSpace space = space();
    long base = base(space);

    Region r = mappings.allocate(space, "heap", 8, Protection.READ_WRITE);

    assertThat(r.startVpn()).isEqualTo(base);
    assertThat(r.pages()).isEqualTo(8);
    assertThat(r.label()).isEqualTo("heap");
    assertThat(r.sharing()).isEqualTo(Region.Sharing.PRIVATE);
    assertThat(r.protection()).isEqualTo(Protection.READ_WRITE);
    assertThat(r.maxProtection()).isEqualTo(Protection.READ_WRITE);
    assertThat(r.objectOffset()).isZero();
    MemoryObject obj = r.object();
    assertThat(obj.kind()).isEqualTo(MemoryObject.Kind.ANONYMOUS);
    assertThat(obj.name()).isEqualTo("heap");
    assertThat(obj.pages()).isEqualTo(8);
    assertThat(obj.refCount()).isEqualTo(1);
    assertThat(kernel.object(obj.id())).isSameAs(obj);
    assertThat(space.byLabel("heap")).isSameAs(r);
  }

  @Test
  void allocate_twice_secondRegionAtTheNextFreeAddress() {
    AddressSpace space = space();

    Region first = mappings.allocate(space, "a", 8, Protection.READ_WRITE);
    Region second = mappings.allocate(space, "b", 4, Protection.READ);

    assertThat(second.startVpn()).isEqualTo(first.endVpn());
    assertThat(second.object()).isNotSameAs(first.object());
    assertThat(space.regions()).containsExactly(first, second);
  }

  @Test
  void allocate_afterAnUnmap_reusesTheHole() {
    AddressSpace space = space();
    Region first = mappings.allocate(space, "a", 8, Protection.READ_WRITE);
    mappings.allocate(space, "b", 8, Protection.READ_WRITE);
    mappings.unmap(space, first);

    Region again = mappings.allocate(space, "c", 8, Protection.READ_WRITE);

    assertThat(again.startVpn()).isEqualTo(first.startVpn());
  }

  @Test
  void allocate_largerThanTheAddressSpace_returnsNullAndMapsNothing() {
    AddressSpace space = space();

    Region r = mappings.allocate(space, "huge", space.userTopVpn() + 1, Protection.READ_WRITE);

    assertThat(r).isNull();
    assertThat(space.regions()).isEmpty();
  }

  @Test
  void sharedObject_openedByTwoProcesses_isOneObjectWithTwoReferences() {
    AddressSpace writer = space();
    AddressSpace reader = space();

    MemoryObject created = kernel.sharedObject("/shm-a", 16);
    Region w =
        mappings.map(
            writer,
            "shm",
            created,
            0,
            16,
            Protection.READ_WRITE,
            Protection.READ_WRITE,
            Region.Sharing.SHARED);
    MemoryObject opened = kernel.sharedObject("/shm-a", 16);
    Region r =
        mappings.map(
            reader, "shm", opened, 0, 16, Protection.READ, Protection.READ, Region.Sharing.SHARED);

    assertThat(opened).isSameAs(created);
    assertThat(created.kind()).isEqualTo(MemoryObject.Kind.SHARED);
    assertThat(created.refCount()).isEqualTo(2);
    assertThat(w.object()).isSameAs(r.object());
    assertThat(r.sharing()).isEqualTo(Region.Sharing.SHARED);
  }

  @Test
  void map_withOffset_mapsThatPartOfTheObject() {
    AddressSpace space = space();
    long base = base(space);
    SimFile file = kernel.files().create("data.bin", 32, 7);
    MemoryObject obj = kernel.fileObject(file);

    Region r =
        mappings.map(
            space, "view", obj, 8, 4, Protection.READ, Protection.READ, Region.Sharing.PRIVATE);

    assertThat(r.startVpn()).isEqualTo(base);
    assertThat(r.objectOffset()).isEqualTo(8);
    assertThat(r.objectPage(r.startVpn() + 3)).isEqualTo(11);
    assertThat(r.sharing()).isEqualTo(Region.Sharing.PRIVATE);
    assertThat(obj.refCount()).isEqualTo(1);
  }

  @Test
  void map_negativeOffset_isRejected() {
    MemoryObject obj = kernel.sharedObject("s", 4);

    assertThatThrownBy(
            () ->
                mappings.map(
                    space(),
                    "s",
                    obj,
                    -1,
                    4,
                    Protection.READ,
                    Protection.READ,
                    Region.Sharing.SHARED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(obj.refCount()).isZero();
  }

  @Test
  void copy_intoChild_sameAddressAndShapeOverTheGivenObject() {
    AddressSpace parent = space();
    AddressSpace child = space();
    mappings.allocate(parent, "pad", 3, Protection.READ);
    Region source = mappings.allocate(parent, "heap", 8, Protection.READ_WRITE);
    source.setNeedsCopy(true);

    Region shared = mappings.copy(source, child, source.object(), source.objectOffset());

    assertThat(shared.startVpn()).isEqualTo(source.startVpn());
    assertThat(shared.pages()).isEqualTo(8);
    assertThat(shared.label()).isEqualTo("heap");
    assertThat(shared.protection()).isEqualTo(source.protection());
    assertThat(shared.maxProtection()).isEqualTo(source.maxProtection());
    assertThat(shared.sharing()).isEqualTo(source.sharing());
    assertThat(shared.needsCopy()).isFalse();
    assertThat(source.object().refCount()).isEqualTo(2);
    assertThat(child.find(source.startVpn())).isSameAs(shared);
  }

  @Test
  void copy_overAnOccupiedRange_isRejectedWithoutTakingAReference() {
    AddressSpace space = space();
    Region source = mappings.allocate(space, "heap", 8, Protection.READ_WRITE);

    assertThatThrownBy(() -> mappings.copy(source, space, source.object(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(source.object().refCount()).isEqualTo(1);
  }

  @Test
  void unmap_dropsTheRegionsReferenceAndRemovesIt() {
    AddressSpace a = space();
    AddressSpace b = space();
    MemoryObject obj = kernel.sharedObject("/shm-b", 4);
    Region ra =
        mappings.map(a, "s", obj, 0, 4, Protection.READ, Protection.READ, Region.Sharing.SHARED);
    Region rb =
        mappings.map(b, "s", obj, 0, 4, Protection.READ, Protection.READ, Region.Sharing.SHARED);

    assertThat(mappings.unmap(a, ra)).isEqualTo(1);
    assertThat(a.regions()).isEmpty();
    assertThat(mappings.unmap(b, rb)).isZero();
    assertThat(obj.refCount()).isZero();
    assertThat(b.regions()).isEmpty();
    assertThat(kernel.findSharedObject("/shm-b")).isSameAs(obj);
  }

  @Test
  void unmap_regionOfAnotherSpace_isRejectedAndKeepsTheReference() {
    AddressSpace mine = space();
    Region r = mappings.allocate(mine, "heap", 2, Protection.READ_WRITE);

    assertThatThrownBy(() -> mappings.unmap(space(), r))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(r.object().refCount()).isEqualTo(1);
    assertThat(mine.regions()).containsExactly(r);
  }
}
