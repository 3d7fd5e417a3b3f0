# The JVM flags of every process that writes or reads the archive: the archive job, its service
# and the archive benchmark.
# shellcheck shell=bash

# Iceberg's Flink writer on JDK 17 needs these opened (Kryo reaches into ByteBuffer at the first
# checkpoint). The AWS SDK's default CRC checksums break S3-compatible stores such as S3Proxy.
ICEBERG_JVM_FLAGS=(--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Daws.requestChecksumCalculation=when_required -Daws.responseChecksumValidation=when_required)
