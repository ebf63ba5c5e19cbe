/** Runs experiments: one Guice injector per run, processes interleaved on the simulated CPU. */
package org.vmcompare.engine;
