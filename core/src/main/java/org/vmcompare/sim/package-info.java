/**
 * Discrete-event scheduling: events ordered by (time, priority, serial) so ties always break the
 * same way.
 */
package org.vmcompare.sim;
