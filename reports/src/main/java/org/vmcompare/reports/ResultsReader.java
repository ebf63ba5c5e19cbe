package org.vmcompare.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.metrics.Unit;

/**
 * Reads results.json back into an {@link ExperimentReport}, so a report can be made again, or two
 * results compared, without running anything. Reads both schema versions; anything else fails with
 * the version it found.
 */
public final class ResultsReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern PAGE = Pattern.compile("(\\d+)KiB pages");

  private ResultsReader() {}

  /**
   * Parses results.json text.
   *
   * @throws IllegalArgumentException saying what is wrong (not JSON, another schema, a missing key)
   */
  public static ExperimentReport read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a results.json file: expected a JSON object");
    }
    String schema = root.path("schema").asText("");
    if (!schema.equals(ResultsJson.SCHEMA) && !schema.equals(ResultsJson.SCHEMA_1)) {
      throw new IllegalArgumentException(
          "schema '"
              + schema
              + "' is not one this version reads ("
              + ResultsJson.SCHEMA
              + ", "
              + ResultsJson.SCHEMA_1
              + ")");
    }
    String machine = root.path("machine").asText("");
    long pageSize = root.has("pageSize") ? root.get("pageSize").asLong() : pageSize(machine);
    List<RunResult> runs = new ArrayList<>();
    for (JsonNode r : require(root, "runs")) {
      runs.add(run(r));
    }
    return new ExperimentReport(
        require(root, "experiment").asText(),
        root.path("description").asText(""),
        machine,
        pageSize,
        runs);
  }

  private static long pageSize(String machine) {
    Matcher m = PAGE.matcher(machine);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : 4096;
  }

  private static RunResult run(JsonNode r) {
    Map<String, String> point = new LinkedHashMap<>();
    r.path("point").fields().forEachRemaining(e -> point.put(e.getKey(), e.getValue().asText()));
    List<ProcessSummary> procs = new ArrayList<>();
    for (JsonNode p : r.path("processes")) {
      procs.add(
          new ProcessSummary(
              p.path("pid").asInt(),
              p.path("name").asText(),
              p.path("state").asText(),
              p.path("endReason").asText(),
              p.path("minorFaults").asLong(),
              p.path("majorFaults").asLong(),
              longs(p.path("metrics"))));
    }
    List<String> simple = new ArrayList<>();
    r.path("simplifications").forEach(s -> simple.add(s.asText()));
    Map<String, Map<String, String>> views = new LinkedHashMap<>();
    r.path("views")
        .fields()
        .forEachRemaining(
            e -> {
              Map<String, String> v = new LinkedHashMap<>();
              e.getValue().fields().forEachRemaining(x -> v.put(x.getKey(), x.getValue().asText()));
              views.put(e.getKey(), v);
            });
    Map<String, List<Long>> series = new LinkedHashMap<>();
    r.path("timeSeries")
        .fields()
        .forEachRemaining(
            e -> {
              List<Long> col = new ArrayList<>();
              e.getValue().forEach(x -> col.add(x.asLong()));
              series.put(e.getKey(), List.copyOf(col));
            });
    List<LogEntry> log = new ArrayList<>();
    r.path("eventLog")
        .forEach(e -> log.add(new LogEntry(e.path("timeNs").asLong(), e.path("text").asText())));
    return new RunResult(
        require(r, "system").asText(),
        require(r, "label").asText(),
        r.path("seed").asLong(),
        point,
        status(r.path("status").asText("ok")),
        r.path("error").asText(""),
        r.path("simulatedNs").asLong(),
        longs(r.path("counters")),
        procs,
        simple,
        views,
        series,
        log,
        specs(r.path("processMetrics")),
        specs(r.path("gauges")));
  }

  private static RunStatus status(String id) {
    for (RunStatus s : RunStatus.values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown run status '" + id + "'");
  }

  private static Map<String, Long> longs(JsonNode n) {
    Map<String, Long> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  private static List<MetricSpec> specs(JsonNode n) {
    List<MetricSpec> out = new ArrayList<>();
    for (JsonNode s : n) {
      Unit unit = Unit.valueOf(s.path("unit").asText("count").toUpperCase(Locale.ROOT));
      out.add(
          new MetricSpec(
              s.path("name").asText(),
              unit,
              s.path("description").asText(""),
              s.path("peak").asBoolean()));
    }
    return out;
  }

  private static JsonNode require(JsonNode n, String key) {
    if (!n.has(key)) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return n.get(key);
  }
}
