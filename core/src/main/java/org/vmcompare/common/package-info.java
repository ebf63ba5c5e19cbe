/** Small types every module shares: the user-input error and value parsing. */
package org.vmcompare.common;
