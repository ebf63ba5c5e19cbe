package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;

final class KernelTest {
  private static Kernel kernel() {
    Machine machine = new Machine(MachineSpec.of(16L << 20, 0));
    return new Kernel(
        machine,
        new EventQueue(machine.clock()),
        new Metrics(),
        new RunInfo("test", "test", 1, Map.of()));
  }

  @Test
  void sharedObject_newName_createsASharedObjectWithNoReferences() {
    Kernel k = kernel();

    MemoryObject obj = k.sharedObject("/cache", 32);

    assertThat(obj.kind()).isEqualTo(MemoryObject.Kind.SHARED);
    assertThat(obj.name()).isEqualTo("/cache");
    assertThat(obj.pages()).isEqualTo(32);
    assertThat(obj.refCount()).isZero();
    assertThat(k.object(obj.id())).isSameAs(obj);
  }

  @Test
  void sharedObject_sameNameTwice_returnsTheFirstObjectAsItIs() {
    Kernel k = kernel();
    MemoryObject first = k.sharedObject("/cache", 32);

    MemoryObject second = k.sharedObject("/cache", 64);

    assertThat(second).isSameAs(first);
    assertThat(second.pages()).isEqualTo(32);
  }

  @Test
  void sharedObject_otherName_isAnotherObject() {
    Kernel k = kernel();

    assertThat(k.sharedObject("/a", 1)).isNotSameAs(k.sharedObject("/b", 1));
  }

  @Test
  void findSharedObject_unknownName_returnsNull() {
    Kernel k = kernel();

    assertThat(k.findSharedObject("/nobody")).isNull();
  }

  @Test
  void unlinkSharedObject_nameReusedAfterwards_createsANewObject() {
    Kernel k = kernel();
    MemoryObject old = k.sharedObject("/cache", 4);

    assertThat(k.unlinkSharedObject("/cache")).isTrue();
    assertThat(k.unlinkSharedObject("/cache")).isFalse();
    MemoryObject fresh = k.sharedObject("/cache", 4);

    assertThat(fresh).isNotSameAs(old);
    assertThat(k.object(old.id())).isSameAs(old);
  }

  @Test
  void fileObject_sameFileTwice_isOneFileObject() {
    Kernel k = kernel();
    SimFile file = k.files().create("data.bin", 12, 99);

    MemoryObject first = k.fileObject(file);
    MemoryObject second = k.fileObject(file);

    assertThat(second).isSameAs(first);
    assertThat(first.kind()).isEqualTo(MemoryObject.Kind.FILE);
    assertThat(first.file()).isSameAs(file);
    assertThat(first.pages()).isEqualTo(12);
    assertThat(first.refCount()).isZero();
  }

  @Test
  void fileObject_twoFiles_twoObjects() {
    Kernel k = kernel();
    SimFile a = k.files().create("a", 1, 1);
    SimFile b = k.files().create("b", 1, 2);

    assertThat(k.fileObject(a)).isNotSameAs(k.fileObject(b));
  }

  @Test
  void fileObject_fileOfAnotherRun_isRejected() {
    Kernel k = kernel();
    SimFile stranger = kernel().files().create("data.bin", 1, 1);
    k.files().create("data.bin", 1, 1);

    assertThatThrownBy(() -> k.fileObject(stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data.bin");
  }

  @Test
  void forget_registeredObjects_nameAndFileNoLongerLeadToThem() {
    Kernel k = kernel();
    MemoryObject shared = k.sharedObject("/cache", 4);
    SimFile file = k.files().create("data.bin", 4, 1);
    MemoryObject cached = k.fileObject(file);

    k.forget(shared);
    k.forget(cached);

    assertThat(k.findSharedObject("/cache")).isNull();
    assertThat(k.object(shared.id())).isNull();
    assertThat(k.fileObject(file)).isNotSameAs(cached);
  }

  @Test
  void forget_anonymousObjectNamedLikeASharedOne_leavesTheNameAlone() {
    Kernel k = kernel();
    MemoryObject shared = k.sharedObject("heap", 4);
    MemoryObject anon = k.newObject(MemoryObject.Kind.ANONYMOUS, "heap", 4, null);

    k.forget(anon);

    assertThat(k.findSharedObject("heap")).isSameAs(shared);
  }

  @Test
  void block_withoutATime_waitsUntilWoken() {
    Kernel k = kernel();
    Proc p = k.newProcess("p", ProcessOptions.of("test", List.of(), Map.of(), 4096), null);
    p.setState(ProcState.RUNNABLE);

    k.block(p);
    assertThat(p.state()).isEqualTo(ProcState.SLEEPING);
    assertThat(p.wakeAt()).isEqualTo(Proc.FOREVER);

    k.machine().clock().advance(500);
    k.wake(p);
    assertThat(p.wakeAt()).isEqualTo(500);
  }

  @Test
  void waitForRead_blocksTheProcess_untilTheReadCompletes_thenRunsWhenDoneAndWakes() {
    Kernel k = kernel();
    Proc p = k.newProcess("p", ProcessOptions.of("test", List.of(), Map.of(), 4096), null);
    p.setState(ProcState.RUNNABLE);
    long[] installedAt = {-1};

    long end = k.waitForRead(p, 1, () -> installedAt[0] = k.now());

    assertThat(p.wakeAt()).isEqualTo(Proc.FOREVER);
    assertThat(end).isEqualTo(k.machine().costs().diskReadNs());
    k.events().runNext();
    assertThat(installedAt[0]).isEqualTo(end);
    assertThat(p.wakeAt()).isEqualTo(end);
  }

  @Test
  void yield_marksTheProcess_whichStaysRunnable() {
    Kernel k = kernel();
    Proc p = k.newProcess("p", ProcessOptions.of("test", List.of(), Map.of(), 4096), null);
    p.setState(ProcState.RUNNABLE);

    k.yield(p);

    assertThat(p.yielding()).isTrue();
    assertThat(p.state()).isEqualTo(ProcState.RUNNABLE);
  }
}
