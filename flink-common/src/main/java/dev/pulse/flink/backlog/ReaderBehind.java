package dev.pulse.flink.backlog;

import org.apache.flink.api.connector.source.SourceEvent;

/** A reader's word to the enumerator: the records it reads now are (or are no longer) old. */
record ReaderBehind(boolean behind) implements SourceEvent {}
