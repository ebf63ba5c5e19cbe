/** The YAML workload language: experiment records, their validation and the loader. */
package org.vmcompare.workload;
