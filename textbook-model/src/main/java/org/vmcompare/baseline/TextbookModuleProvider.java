package org.vmcompare.baseline;

import com.google.inject.Module;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.TraceReplayer;
import org.vmcompare.textbook.TextbookReplayer;

/** Registers the textbook baseline with the {@link OsRegistry}. */
public final class TextbookModuleProvider implements OsModuleProvider {
  private static final Set<OpKind> SUPPORTED =
      EnumSet.of(OpKind.ALLOCATE, OpKind.EXIT, OpKind.RELEASE, OpKind.UNMAP, OpKind.PROTECT);

  @Override
  public String name() {
    return "textbook";
  }

  @Override
  public String description() {
    return "textbook baseline: one frame pool, FIFO/LRU/CLOCK/RANDOM over every reference";
  }

  @Override
  public List<OptionSpec> options() {
    return TextbookOptions.SPECS;
  }

  @Override
  public Module module(SystemOptions options) {
    return new TextbookModule(TextbookOptions.from(options));
  }

  @Override
  public Optional<TraceReplayer> traceReplayer() {
    return Optional.of(new TextbookReplayer());
  }

  @Override
  public Optional<TraceReplayer> traceReplayer(FaultInjection faults) {
    return Optional.of(new TextbookReplayer(faults.on(TextbookFaults.OPT_EVICTS_WRONG_PAGE)));
  }

  @Override
  public List<FaultInjection.Spec> faultInjections() {
    return TextbookFaults.SPECS;
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return SUPPORTED.contains(op)
        ? Optional.empty()
        : Optional.of(
            "unsupported on textbook: " + op + " (the baseline pages private memory only)");
  }
}
