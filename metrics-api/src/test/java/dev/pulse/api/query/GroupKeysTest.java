package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupKeysTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void valuesComeFromTheDimsDocumentWhoseKeysMayHoldDots() {
    GroupKeys keys = GroupKeys.fromDocument(List.of("properties.page", "country"));
    ArrayNode row = JSON.createArrayNode().add(0).add("{\"properties.page\":\"/docs\",\"source\":\"web\"}").add(1.0);

    assertThat(keys.columns()).isEqualTo(1);
    assertThat(keys.of(row)).containsExactly("/docs", "");
    assertThat(GroupKeys.fromDocument(List.of()).columns()).isZero();
  }

  @Test
  void fromColumnsEachDimensionIsItsOwnColumnAfterTheBucket() {
    GroupKeys keys = GroupKeys.fromColumns(List.of("properties.page", "source"));
    ArrayNode row = JSON.createArrayNode().add(0).add("/docs").add("").add(1.0);

    assertThat(keys.columns()).isEqualTo(2);
    assertThat(keys.of(row)).containsExactly("/docs", "");
  }
}
