package dev.pulse.api.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.kafka.DeadLetterReader;
import dev.pulse.api.kafka.EventPublisher;
import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import dev.pulse.api.kafka.KafkaAcks;
import dev.pulse.contract.dlq.DeadLetter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Re-validates rejected HTTP events against today's schemas and publishes those that now pass.
 * A replayed event keeps the event_id and the times it had when it first arrived, so the job's
 * dedup counts it once however often it is replayed, and it lands in its original window.
 * Whole-body rejections (malformed or oversized bodies) are not single events and are skipped.
 */
public class DeadLetterReplayer {
  /** What a replay did. */
  public record Result(int replayed, int stillInvalid, int skipped, List<String> reasons) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REASONS = 20;

  private final DeadLetterReader reader;
  private final EventRecordBuilder builder;
  private final EventPublisher publisher;
  private final Duration ackTimeout;

  public DeadLetterReplayer(DeadLetterReader reader, EventRecordBuilder builder, EventPublisher publisher, Duration ackTimeout) {
    this.reader = reader;
    this.builder = builder;
    this.publisher = publisher;
    this.ackTimeout = ackTimeout;
  }

  /** @param errorTypes only entries of these types; empty for all */
  public Result replay(Set<String> errorTypes) throws PublishFailedException {
    List<ValidEvent> valid = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int stillInvalid = 0;
    int skipped = 0;
    for (DeadLetterReader.Entry entry : reader.all()) {
      DeadLetter letter = entry.letter();
      if (!errorTypes.isEmpty() && !errorTypes.contains(letter.errorType())) {
        continue;
      }
      if (!isSingleHttpEvent(letter)) {
        skipped++;
        continue;
      }
      try {
        valid.add(builder.build(parse(letter), letter.eventId(), originalContext(letter)));
      } catch (InvalidEventException e) {
        stillInvalid++;
        if (reasons.size() < MAX_REASONS) {
          reasons.add(entry.partition() + "@" + entry.offset() + ": " + e.getMessage());
        }
      }
    }
    List<Future<?>> acks = new ArrayList<>(publisher.send(valid));
    KafkaAcks.await(acks, ackTimeout);
    return new Result(valid.size(), stillInvalid, skipped, reasons);
  }

  private static boolean isSingleHttpEvent(DeadLetter letter) {
    return DeadLetter.HTTP.equals(letter.sourceTopic()) && letter.batchIndex() != null && letter.eventId() != null;
  }

  private static JsonNode parse(DeadLetter letter) throws InvalidEventException {
    try {
      return JSON.readTree(letter.payload());
    } catch (IOException e) {
      throw new InvalidEventException(dev.pulse.contract.dlq.ErrorType.MALFORMED_JSON, "still not valid JSON");
    }
  }

  /** The event is judged as it was sent: same time of receipt, same client clock, same source. */
  private static IngestContext originalContext(DeadLetter letter) {
    ApiKey asOriginalProducer =
        letter.producerSource() == null ? null : new ApiKey(0, "replay", ApiKey.PRODUCER, letter.producerSource(), letter.producerTenant(), null);
    long received = letter.receivedAt() == null ? letter.failedAt() : letter.receivedAt();
    return new IngestContext(Instant.ofEpochMilli(received), letter.sentAt(), asOriginalProducer, letter.producerHost());
  }
}
