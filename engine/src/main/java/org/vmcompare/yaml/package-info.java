/**
 * YAML read into a located tree and bound to records, so every error names file, line, column and
 * key.
 */
package org.vmcompare.yaml;
