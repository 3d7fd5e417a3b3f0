package dev.pulse.api.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into its events, keeping each event's original bytes (for the size limit
 * and for the DLQ) next to its parsed form.
 *
 * <ul>
 *   <li>{@code application/json}: {@code {"sent_at": ..., "events": [ ... ]}}. A body that is not
 *       JSON fails as a whole.
 *   <li>{@code application/x-ndjson}: one event per line; a line that is not JSON fails alone.
 * </ul>
 */
public final class BatchParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event of a batch as received. {@code node} is null when {@code parseError} says why. */
  public record Item(int index, String raw, JsonNode node, String parseError) {}

  /** A parsed batch; {@code sentAt} is the body's sent_at, if any. */
  public record Batch(JsonNode sentAt, List<Item> items) {}

  /** The body as a whole cannot be read as a batch. */
  public static class MalformedBatchException extends Exception {
    MalformedBatchException(String message) {
      super(message, null, false, false);
    }
  }

  private BatchParser() {}

  public static Batch parseJson(byte[] body) throws MalformedBatchException {
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT, "the body must be a JSON object {\"events\": [ ... ]}");
      JsonNode sentAt = null;
      List<Item> items = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "sent_at" -> sentAt = parser.readValueAsTree();
          case "events" -> items = events(parser, body);
          default -> throw new MalformedBatchException(
              "unknown field '" + field + "' in the batch; it takes \"sent_at\" and \"events\"");
        }
      }
      expect(parser.nextToken() == null, "unexpected content after the batch object");
      expect(items != null, "the batch has no \"events\" array");
      return new Batch(sentAt, items);
    } catch (JsonProcessingException e) {
      throw new MalformedBatchException("the body is not valid JSON: " + e.getOriginalMessage() + where(e));
    } catch (IOException e) {
      throw new MalformedBatchException("the body cannot be read: " + e.getMessage());
    }
  }

  public static Batch parseNdjson(byte[] body) {
    List<Item> items = new ArrayList<>();
    String text = new String(body, StandardCharsets.UTF_8);
    int index = 0;
    for (String line : text.split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      items.add(item(index++, line));
    }
    return new Batch(null, items);
  }

  private static List<Item> events(JsonParser parser, byte[] body) throws IOException, MalformedBatchException {
    expect(parser.currentToken() == JsonToken.START_ARRAY, "\"events\" must be an array");
    List<Item> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int start = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      parser.finishToken(); // a scalar's text is read lazily; its end is only known once read
      int end = (int) parser.currentLocation().getByteOffset();
      String raw = new String(body, start, end - start, StandardCharsets.UTF_8);
      items.add(item(items.size(), raw));
    }
    return items;
  }

  private static Item item(int index, String raw) {
    try {
      return new Item(index, raw, JSON.readTree(raw), null);
    } catch (JsonProcessingException e) {
      return new Item(index, raw, null, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void expect(boolean ok, String message) throws MalformedBatchException {
    if (!ok) {
      throw new MalformedBatchException(message);
    }
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
