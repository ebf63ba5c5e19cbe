/** Access patterns: which page a synthetic workload references next (zipf, loop, stride, ...). */
package org.vmcompare.pattern;
