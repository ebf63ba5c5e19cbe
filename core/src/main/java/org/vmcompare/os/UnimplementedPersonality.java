package org.vmcompare.os;

import java.util.Optional;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.vm.Region;

/**
 * Base for a model whose implementation has not landed yet: every operation answers "not
 * implemented yet on SYSTEM: OP", so the model can be registered and wired (its Guice module, its
 * ServiceLoader entry) without ever producing a fake result. Delete the subclass's use of it when
 * the model is built.
 */
public abstract class UnimplementedPersonality implements OsPersonality {
  @Override
  public void boot(Kernel kernel) {}

  private Outcome no(Op op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    return no(op);
  }

  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    return no(op);
  }

  @Override
  public Outcome share(Proc p, Op.Share op) {
    return no(op);
  }

  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    return no(op);
  }

  @Override
  public Outcome fileIo(Proc p, Op.FileIo op) {
    return no(op);
  }

  @Override
  public Outcome release(Proc p, Op.Release op) {
    return no(op);
  }

  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    return no(op);
  }

  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return no(op);
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return no(op);
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    return no(op);
  }

  @Override
  public Outcome dropCaches(Proc p, Op.DropCaches op) {
    return no(op);
  }

  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    return no(op);
  }

  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    return no(op);
  }

  @Override
  public Outcome nativeCall(Proc p, Op.Native op) {
    return no(op);
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    throw new UnsupportedOperationException("not implemented yet on " + name() + ": page faults");
  }

  /** The provider's answer for every operation, portable or native. */
  public static Optional<String> whyUnsupported(String system, String op) {
    return Optional.of("not implemented yet on " + system + ": " + op);
  }
}
