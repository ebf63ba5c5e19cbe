package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunStatus;

final class ResultsCsvTest {
  @Test
  void tidy_oneRowPerRunMetricAndProcess_withUnits() {
    List<String> lines = ResultsCsv.render(Runs.report(Runs.run("B, C", 1, 6, 2))).lines().toList();

    assertThat(lines.get(0))
        .isEqualTo("experiment,label,system,seed,status,process,pid,metric,unit,value");
    assertThat(lines).contains("exp,\"B, C\",textbook,1,ok,,,faults,count,8");
    assertThat(lines).contains("exp,\"B, C\",textbook,1,ok,,,resident.peak,pages,257");
    assertThat(lines).contains("exp,\"B, C\",textbook,1,ok,,,simulated.time,nanoseconds,1500000");
    assertThat(lines).contains("exp,\"B, C\",textbook,1,ok,app,100,rss.peak,pages,80");
    assertThat(lines).contains("exp,\"B, C\",textbook,1,ok,,,tlb.hit.rate,percent,90");
  }

  @Test
  void unfinishedRun_hasEmptyValues_notZeros() {
    List<String> lines =
        ResultsCsv.render(Runs.report(Runs.run("A", 1, 6, 2, RunStatus.ERROR, Map.of())))
            .lines()
            .toList();

    assertThat(lines).contains("exp,A,textbook,1,error,,,faults,count,");
    assertThat(lines).contains("exp,A,textbook,1,error,app,100,rss,pages,");
    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).endsWith(","));
  }

  @Test
  void sweep_keysAreColumns() {
    String csv =
        ResultsCsv.render(
            Runs.report(Runs.run("A", 1, 6, 2, RunStatus.OK, Map.of("machine.ram", "8MiB"))));

    assertThat(csv.lines().findFirst().orElseThrow()).contains(",seed,machine.ram,status,");
    assertThat(csv).contains("exp,A,textbook,1,8MiB,ok,,,faults,count,8");
  }
}
