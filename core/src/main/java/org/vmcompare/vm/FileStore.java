package org.vmcompare.vm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulated disk's files, by name, in creation order (deterministic listings). */
public final class FileStore {
  private final Map<String, SimFile> files = new LinkedHashMap<>();

  public SimFile create(String name, long pages, long contentSeed) {
    if (files.containsKey(name)) {
      throw new IllegalArgumentException("file '" + name + "' already exists");
    }
    SimFile f = new SimFile(files.size() + 1, name, pages, contentSeed);
    files.put(name, f);
    return f;
  }

  /** The file, or null. */
  public SimFile get(String name) {
    return files.get(name);
  }

  public List<SimFile> all() {
    return Collections.unmodifiableList(new ArrayList<>(files.values()));
  }
}
