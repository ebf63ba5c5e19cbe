/**
 * Virtual-memory objects every OS shares the idea of: address spaces, regions, memory objects,
 * backing stores, files.
 */
package org.vmcompare.vm;
