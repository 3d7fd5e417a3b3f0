package dev.pulse.monitor.pinot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinotIngestionProbeTest {
  @Test
  void readsTheHighestConsumedOffsetAndStatePerPartitionFromTheControllersAnswer() throws Exception {
    // As Pinot 0.11's controller answered GET /tables/metrics_agg/consumingSegmentsInfo, with a
    // second replica added for partition 0 and partition 1's only replica not consuming.
    String answer = """
        {"_segmentToConsumingInfoMap":{
          "metrics_agg__0__0__20261201T1801Z":[
            {"serverName":"Server_127.0.0.1_8098","consumerState":"CONSUMING","lastConsumedTimestamp":1796168846679,
             "partitionToOffsetMap":{"0":"473"}},
            {"serverName":"Server_127.0.0.1_8198","consumerState":"CONSUMING","lastConsumedTimestamp":1796168846679,
             "partitionToOffsetMap":{"0":"470"}}],
          "metrics_agg__1__3__20261201T1801Z":[
            {"serverName":"Server_127.0.0.1_8098","consumerState":"NOT_CONSUMING","lastConsumedTimestamp":1796168846678,
             "partitionToOffsetMap":{"1":"525"}}]}}
        """;
    Map<Integer, Long> consumed = new HashMap<>();
    Map<Integer, Boolean> active = new HashMap<>();

    PinotIngestionProbe.readConsumingSegments(new ObjectMapper().readTree(answer), consumed, active);

    assertThat(consumed).containsExactlyInAnyOrderEntriesOf(Map.of(0, 473L, 1, 525L));
    assertThat(active).containsExactlyInAnyOrderEntriesOf(Map.of(0, true, 1, false));
  }
}
