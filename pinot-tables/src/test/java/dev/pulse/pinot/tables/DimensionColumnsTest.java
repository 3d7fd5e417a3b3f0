package dev.pulse.pinot.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DimensionColumnsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDimensionsColumnNameMapsBackToTheDimension() {
    ObjectNode schema = JSON.createObjectNode();
    schema.putArray("dimensionFieldSpecs").addObject().put("name", "metric");

    DimensionColumns.addToSchema(schema, List.of("tenant", "source", "properties.page_path"));

    assertThat(schema.get("dimensionFieldSpecs")).extracting(f -> f.get("name").asText())
        .containsExactly("metric", "dim_tenant", "dim_source", "dim_properties_page_path");
    assertThat(schema.get("dimensionFieldSpecs").get(1).get("defaultNullValue").asText())
        .isEqualTo(DimensionColumns.NOT_MATERIALIZED);
    assertThat(DimensionColumns.dimensionsIn(schema)).containsExactly("tenant", "source", "properties.page_path");
  }

  @Test
  void aSchemaKeepsTheColumnsItHasAndGainsOnlyNewOnes() {
    ObjectNode schema = JSON.createObjectNode();
    DimensionColumns.addToSchema(schema, List.of("tenant"));

    assertThat(DimensionColumns.addToSchema(schema, List.of("tenant", "event_type"))).containsExactly("dim_event_type");
  }

  @Test
  void theTableConfigDerivesEachColumnFromDimsAndIndexesIt() {
    ObjectNode config = JSON.createObjectNode();
    config.putObject("tableIndexConfig").putArray("invertedIndexColumns").add("metric");

    DimensionColumns.addToTableConfig(config, List.of("tenant", "properties.page"));
    DimensionColumns.addToTableConfig(config, List.of("tenant", "properties.page"));

    assertThat(config.at("/tableIndexConfig/invertedIndexColumns")).extracting(c -> c.asText())
        .containsExactly("metric", "dim_tenant", "dim_properties_page");
    assertThat(config.at("/ingestionConfig/transformConfigs")).hasSize(2);
    assertThat(config.at("/ingestionConfig/transformConfigs/1/transformFunction").asText())
        .isEqualTo("jsonPathString(dims, '$[''properties.page'']', '')");
  }
}
