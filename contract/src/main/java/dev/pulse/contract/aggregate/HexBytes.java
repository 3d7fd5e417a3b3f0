package dev.pulse.contract.aggregate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.HexFormat;

/** Bytes as a hex string: the form Pinot's JSON decoder expects for a BYTES column. */
final class HexBytes {
  private HexBytes() {}

  static final class Serializer extends JsonSerializer<byte[]> {
    @Override
    public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(HexFormat.of().formatHex(value));
    }
  }

  static final class Deserializer extends JsonDeserializer<byte[]> {
    @Override
    public byte[] deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      return HexFormat.of().parseHex(parser.getValueAsString());
    }
  }
}
