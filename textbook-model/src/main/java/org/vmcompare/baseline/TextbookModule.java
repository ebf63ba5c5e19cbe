package org.vmcompare.baseline;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import java.util.Objects;
import org.vmcompare.os.OsPersonality;

/** Binds the textbook personality and its options for one run. */
public final class TextbookModule extends AbstractModule {
  private final TextbookOptions options;

  public TextbookModule(TextbookOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  protected void configure() {
    bind(TextbookOptions.class).toInstance(options);
    bind(OsPersonality.class).to(TextbookPersonality.class);
    bind(TextbookPersonality.class).in(Singleton.class);
  }
}
