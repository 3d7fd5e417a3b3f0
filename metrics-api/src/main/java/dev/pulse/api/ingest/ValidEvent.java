package dev.pulse.api.ingest;

import org.apache.avro.generic.GenericRecord;

/** An accepted event: its record and the registry id of the schema it was built against. */
public record ValidEvent(GenericRecord record, int schemaId) {}
