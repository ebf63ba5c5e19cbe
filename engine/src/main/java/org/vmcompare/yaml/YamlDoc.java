package org.vmcompare.yaml;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documentation of a YAML key or type for editors. Javadoc is gone at run time, so this is what
 * {@link SchemaGenerator} can put into the JSON Schema as the hover text of a key ({@code
 * description}), and optionally the syntax its text must follow ({@code pattern}). The binder
 * ignores it: it never changes what a file means.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.RECORD_COMPONENT})
public @interface YamlDoc {
  /** One or two sentences: what the key means, its unit and its default. */
  String value();

  /**
   * For a value written as text: an ECMA-262 regular expression the text must match, or empty for
   * none. Editors apply it to strings only, never to numbers or booleans.
   */
  String pattern() default "";
}
