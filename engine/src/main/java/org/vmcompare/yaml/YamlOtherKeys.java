package org.vmcompare.yaml;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.vmcompare.os.OptionSpec;

/**
 * Marks the one {@code Map<String, V>} component of a record that takes the keys its other
 * components do not name. Such keys belong to someone the language does not know (each OS model
 * declares per-process options), so {@link Binder} gathers them, each value bound as {@code V}, in
 * document order, instead of refusing them; whoever knows the keys checks them (the loader, against
 * the registry). The component's own name is never a YAML key.
 *
 * <p>{@link SchemaGenerator} asks {@link #value()} which keys there are, so an editor still
 * completes them and flags the rest; {@link YamlWriter} writes them back beside the other keys.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface YamlOtherKeys {
  /** Where the schema finds the keys: a class with a public no-argument constructor. */
  Class<? extends Source> value();

  /** The keys a {@link YamlOtherKeys} map takes, for the schema. */
  interface Source {
    /** Option specs by the name of whoever declares them (a system), in display order. */
    Map<String, List<OptionSpec>> keys();
  }
}
