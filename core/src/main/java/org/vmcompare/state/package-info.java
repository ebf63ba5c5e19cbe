/** Typed state that OS models keep on core's processes, regions and memory objects. */
package org.vmcompare.state;
