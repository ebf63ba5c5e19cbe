package org.vmcompare.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;

/**
 * results.json, schema {@value #SCHEMA} (documented in docs/results-schema.md). Built from ordered
 * maps only, so the same experiment and seed give byte-identical files.
 */
public final class ResultsJson {
  public static final String SCHEMA = "vmcompare.results/2";

  /** The earlier schema, still read: the same without {@code pageSize}. */
  public static final String SCHEMA_1 = "vmcompare.results/1";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  public static String render(ExperimentReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("experiment", report.experiment());
    root.put("description", report.description());
    root.put("machine", report.machine());
    root.put("pageSize", report.pageSize());
    List<Object> runs = new ArrayList<>();
    for (RunResult r : report.results()) {
      runs.add(run(r));
    }
    root.put("runs", runs);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render results.json", e);
    }
  }

  private static Map<String, Object> run(RunResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", r.label());
    m.put("system", r.system());
    m.put("seed", r.seed());
    m.put("point", r.point());
    m.put("status", r.status().id());
    m.put("error", r.error());
    m.put("simulatedNs", r.simulatedNs());
    m.put("counters", r.counters());
    List<Object> procs = new ArrayList<>();
    for (ProcessSummary p : r.processes()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("pid", p.pid());
      pm.put("name", p.name());
      pm.put("state", p.state());
      pm.put("endReason", p.endReason());
      pm.put("minorFaults", p.minorFaults());
      pm.put("majorFaults", p.majorFaults());
      pm.put("metrics", p.metrics());
      procs.add(pm);
    }
    m.put("processes", procs);
    m.put("simplifications", r.simplifications());
    m.put("views", r.views());
    m.put("timeSeries", r.timeSeries());
    m.put("processMetrics", specs(r.processMetrics()));
    m.put("gauges", specs(r.gauges()));
    List<Object> log = new ArrayList<>();
    for (LogEntry e : r.eventLog()) {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("timeNs", e.timeNs());
      lm.put("text", e.text());
      log.add(lm);
    }
    m.put("eventLog", log);
    return m;
  }

  /** Metric declarations: name, unit, description, and whether a peak is kept. */
  private static List<Object> specs(List<MetricSpec> specs) {
    List<Object> out = new ArrayList<>();
    for (MetricSpec s : specs) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("name", s.name());
      sm.put("unit", s.unit().id());
      sm.put("description", s.description());
      sm.put("peak", s.peak());
      out.add(sm);
    }
    return out;
  }
}
